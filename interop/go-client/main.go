// Command go-client drives a cluster through Mpcium's own Go client (pkg/client), unchanged:
// it creates a wallet, signs messages with the wallet's Ed25519 key, checks every signature
// with Go's crypto/ed25519, and asks for an ECDSA signature. With -chain-code (the cluster's
// chain_code) it also signs with child keys (derivation_path 44/60/0/0/7 for ECDSA, 44/501/0/0
// for EdDSA) and verifies those signatures under the child keys that Mpcium's pkg/ckdutil
// derives from the wallet's public keys, as Mpcium's clients derive addresses. It prints one
// JSON object per result on stdout and exits non-zero if anything is wrong. Used by
// GoClientInteropTest.
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/fystack/mpcium/pkg/ckdutil"
	"github.com/fystack/mpcium/pkg/client"
	"github.com/fystack/mpcium/pkg/event"
	"github.com/fystack/mpcium/pkg/types"
	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
)

func main() {
	url := flag.String("nats", "nats://127.0.0.1:4222", "NATS server")
	keyFile := flag.String("key", "event_initiator.key", "initiator key file")
	algorithm := flag.String("algorithm", "ed25519", "initiator algorithm: ed25519 or p256")
	clientID := flag.String("client-id", "", "ClientID for result routing")
	signatures := flag.Int("signatures", 3, "Ed25519 signatures to request")
	chainCode := flag.String("chain-code", "", "the cluster's chain_code: also sign with child keys")
	flag.Parse()
	if err := run(*url, *keyFile, *algorithm, *clientID, *signatures, *chainCode); err != nil {
		fmt.Fprintln(os.Stderr, "interop failed:", err)
		os.Exit(1)
	}
}

// verifyECDSA checks an ECDSA result as an Ethereum wallet would: the 64-byte X||Y key, the
// signature (r, s) over the digest, low S, and that ecrecover with the recovery byte yields the key.
func verifyECDSA(xy []byte, digest []byte, result event.SigningResultEvent) error {
	if len(xy) != 64 || len(result.R) != 32 || len(result.S) != 32 || len(result.SignatureRecovery) != 1 {
		return fmt.Errorf("malformed ECDSA result")
	}
	pub, err := secp256k1.ParsePubKey(append([]byte{4}, xy...))
	if err != nil {
		return fmt.Errorf("ECDSA public key: %w", err)
	}
	var r, s secp256k1.ModNScalar
	if r.SetByteSlice(result.R) || s.SetByteSlice(result.S) || s.IsOverHalfOrder() {
		return fmt.Errorf("ECDSA r or s out of range, or high S")
	}
	if !ecdsa.NewSignature(&r, &s).Verify(digest, pub) {
		return fmt.Errorf("ECDSA signature does not verify")
	}
	compact := append([]byte{27 + result.SignatureRecovery[0]}, append(result.R, result.S...)...)
	recovered, _, err := ecdsa.RecoverCompact(compact, digest)
	if err != nil || !recovered.IsEqual(pub) {
		return fmt.Errorf("ECDSA recovery id does not recover the key")
	}
	return nil
}

func report(v any) {
	line, _ := json.Marshal(v)
	fmt.Println(string(line))
}

func run(url, keyFile, algorithm, clientID string, signatures int, chainCode string) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	signer, err := client.NewLocalSigner(types.EventInitiatorKeyType(algorithm),
		client.LocalSignerOptions{KeyPath: keyFile})
	if err != nil {
		return err
	}
	mpc := client.NewMPCClient(client.Options{NatsConn: nc, Signer: signer, ClientID: clientID})

	keygen := make(chan event.KeygenResultEvent, 4)
	signed := make(chan event.SigningResultEvent, 64)
	if err := mpc.OnWalletCreationResult(func(e event.KeygenResultEvent) { keygen <- e }); err != nil {
		return err
	}
	if err := mpc.OnSignResult(func(e event.SigningResultEvent) { signed <- e }); err != nil {
		return err
	}

	walletID := "go-" + uuid.NewString()
	if err := mpc.CreateWallet(walletID); err != nil {
		return err
	}
	var wallet event.KeygenResultEvent
	select {
	case wallet = <-keygen:
	case <-time.After(90 * time.Second):
		return fmt.Errorf("no keygen result for %s", walletID)
	}
	report(wallet)
	if wallet.ResultType != event.ResultTypeSuccess || len(wallet.EDDSAPubKey) != ed25519.PublicKeySize {
		return fmt.Errorf("keygen failed: %s %s", wallet.ErrorCode, wallet.ErrorReason)
	}

	messages := map[string][]byte{}
	for i := 0; i < signatures; i++ {
		tx := make([]byte, 48)
		rand.Read(tx)
		txID := uuid.NewString()
		messages[txID] = tx
		if err := mpc.SignTransaction(&types.SignTxMessage{KeyType: types.KeyTypeEd25519,
			WalletID: walletID, NetworkInternalCode: "solana-devnet", TxID: txID, Tx: tx}); err != nil {
			return err
		}
	}
	ecdsaTx := uuid.NewString()
	digest := make([]byte, 32)
	rand.Read(digest)
	if err := mpc.SignTransaction(&types.SignTxMessage{KeyType: types.KeyTypeSecp256k1,
		WalletID: walletID, NetworkInternalCode: "ethereum", TxID: ecdsaTx, Tx: digest}); err != nil {
		return err
	}
	for pending := signatures + 1; pending > 0; pending-- {
		var result event.SigningResultEvent
		select {
		case result = <-signed:
		case <-time.After(90 * time.Second):
			return fmt.Errorf("%d signing results missing", pending)
		}
		report(result)
		if result.TxID == ecdsaTx {
			if result.ResultType == event.ResultTypeSuccess {
				if err := verifyECDSA(wallet.ECDSAPubKey, digest, result); err != nil {
					return err
				}
				report(map[string]any{"ecdsa_verified": true})
			}
			continue
		}
		tx, ok := messages[result.TxID]
		if !ok || result.ResultType != event.ResultTypeSuccess {
			return fmt.Errorf("unexpected signing result for %s: %s %s", result.TxID, result.ErrorCode, result.ErrorReason)
		}
		if !ed25519.Verify(ed25519.PublicKey(wallet.EDDSAPubKey), tx, result.Signature) {
			return fmt.Errorf("signature for %s does not verify", result.TxID)
		}
	}
	report(map[string]any{"verified": signatures, "wallet_id": walletID})
	if chainCode == "" {
		return nil
	}
	return signChildKeys(mpc, signed, wallet, chainCode)
}

// signChildKeys signs with derivation paths and verifies each signature under the child key
// that Mpcium's own client-side derivation (pkg/ckdutil) computes from the wallet's key.
func signChildKeys(mpc client.MPCClient, signed chan event.SigningResultEvent,
	wallet event.KeygenResultEvent, chainCode string) error {
	eddsaPath := []uint32{44, 501, 0, 0}
	eddsaChild, err := ckdutil.DeriveEd25519ChildCompressed(wallet.EDDSAPubKey, chainCode, eddsaPath)
	if err != nil {
		return err
	}
	tx := make([]byte, 40)
	rand.Read(tx)
	eddsaTx := uuid.NewString()
	if err := mpc.SignTransaction(&types.SignTxMessage{KeyType: types.KeyTypeEd25519,
		WalletID: wallet.WalletID, NetworkInternalCode: "solana", TxID: eddsaTx, Tx: tx,
		DerivationPath: eddsaPath}); err != nil {
		return err
	}
	pending := 1
	ecdsaTx := ""
	var ecdsaChild []byte
	digest := make([]byte, 32)
	ecdsaPath := []uint32{44, 60, 0, 0, 7}
	if len(wallet.ECDSAPubKey) == 64 {
		master, err := secp256k1.ParsePubKey(append([]byte{4}, wallet.ECDSAPubKey...))
		if err != nil {
			return err
		}
		child, err := ckdutil.DeriveSecp256k1ChildCompressed(master.SerializeCompressed(), chainCode, ecdsaPath)
		if err != nil {
			return err
		}
		childKey, err := secp256k1.ParsePubKey(child)
		if err != nil {
			return err
		}
		ecdsaChild = childKey.SerializeUncompressed()[1:]
		rand.Read(digest)
		ecdsaTx = uuid.NewString()
		if err := mpc.SignTransaction(&types.SignTxMessage{KeyType: types.KeyTypeSecp256k1,
			WalletID: wallet.WalletID, NetworkInternalCode: "ethereum", TxID: ecdsaTx, Tx: digest,
			DerivationPath: ecdsaPath}); err != nil {
			return err
		}
		pending++
	}
	for ; pending > 0; pending-- {
		var result event.SigningResultEvent
		select {
		case result = <-signed:
		case <-time.After(90 * time.Second):
			return fmt.Errorf("%d child-key signing results missing", pending)
		}
		report(result)
		if result.ResultType != event.ResultTypeSuccess {
			return fmt.Errorf("child-key signing failed: %s %s", result.ErrorCode, result.ErrorReason)
		}
		switch result.TxID {
		case eddsaTx:
			if !ed25519.Verify(ed25519.PublicKey(eddsaChild), tx, result.Signature) {
				return fmt.Errorf("EdDSA child-key signature does not verify under %x", eddsaChild)
			}
			report(map[string]any{"child_verified": "ed25519", "path": eddsaPath,
				"child_public_key": hex.EncodeToString(eddsaChild)})
		case ecdsaTx:
			if err := verifyECDSA(ecdsaChild, digest, result); err != nil {
				return fmt.Errorf("ECDSA child key: %w", err)
			}
			report(map[string]any{"child_verified": "secp256k1", "path": ecdsaPath,
				"child_public_key": hex.EncodeToString(ecdsaChild)})
		default:
			return fmt.Errorf("unexpected signing result for %s", result.TxID)
		}
	}
	return nil
}
