module github.com/mpcium-java/interop/go-client

go 1.25.8

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.0
	github.com/fystack/mpcium v0.3.5
	github.com/google/uuid v1.6.0
	github.com/nats-io/nats.go v1.48.0
)

// Mpcium's own replace lines, repeated: replace directives apply only in the main module.
replace github.com/agl/ed25519 => github.com/binance-chain/edwards25519 v0.0.0-20200305024217-f36fc4b53d43

replace github.com/bnb-chain/tss-lib/v2 => github.com/fystack/tss-lib/v2 v2.0.3
