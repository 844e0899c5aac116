//! Times peer threshold-signature libraries the way Mpcium for Java's JMH suite times its own:
//! every party of one protocol run in this one thread, no network, no serialisation.
//!
//! Usage: `mpcium-peer-bench [RUNS] [t-of-n ...]` (default 50 runs, 2-of-3). Prints one line per
//! figure: library, operation, committee, median and mean wall time, CPU time per operation.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use dkls23::protocols::dkg_session::DkgSession;
use dkls23::protocols::sign_session::SignSession;
use dkls23::protocols::signing::SignData;
use dkls23::protocols::{Parameters, Party, PartyIndex};
use k256::Secp256k1;
use rand::rngs::OsRng;
use rand::RngCore;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.first().map(|a| a.parse().expect("RUNS")).unwrap_or(50);
    let configs: Vec<(u16, u16)> = if args.len() > 1 {
        args[1..].iter().map(|c| parse_config(c)).collect()
    } else {
        vec![(2, 3)]
    };
    for (t, n) in configs {
        let label = format!("{t}-of-{n}");
        report("dkls23 0.6.2", "keygen (all parties)", &label, runs.min(20), || {
            dkls_keygen(t as u8, n as u8);
        });
        let parties = dkls_keygen(t as u8, n as u8);
        report("dkls23 0.6.2", "sign (t signers)", &label, runs * 4, || {
            dkls_sign(&parties, t as usize);
        });
        report("frost-ed25519 3.0.0", "DKG (all parties)", &label, runs * 4, || {
            frost_ed::dkg(t, n);
        });
        let (keys, pubkeys) = frost_ed::dkg(t, n);
        report("frost-ed25519 3.0.0", "sign (t signers, 1 aggregate)", &label, runs * 20, || {
            frost_ed::sign(&keys, &pubkeys, t as usize, 1);
        });
        report("frost-ed25519 3.0.0", "sign (t signers, each aggregates)", &label, runs * 20,
            || {
                frost_ed::sign(&keys, &pubkeys, t as usize, t as usize);
            });
        let (keys, pubkeys) = frost_k1::dkg(t, n);
        report("frost-secp256k1 3.0.0", "sign (t signers, 1 aggregate)", &label, runs * 20, || {
            frost_k1::sign(&keys, &pubkeys, t as usize, 1);
        });
    }
}

fn parse_config(text: &str) -> (u16, u16) {
    let (t, n) = text.split_once("-of-").expect("t-of-n");
    (t.parse().expect("t"), n.parse().expect("n"))
}

fn report(library: &str, operation: &str, config: &str, runs: usize, mut f: impl FnMut()) {
    for _ in 0..runs.div_ceil(5).max(2) {
        f(); // warm-up
    }
    let cpu_start = process_cpu();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    let cpu = (process_cpu() - cpu_start) / runs as u32;
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs as u32;
    println!(
        "{library} | {operation} | {config} | median {:.3} ms | mean {:.3} ms | cpu {:.3} ms/op \
         | {runs} runs",
        times[runs / 2].as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
        cpu.as_secs_f64() * 1e3
    );
}

/// CPU time of this process (all threads) so far: unlike wall time, it hardly grows with the
/// load other programs put on the machine.
fn process_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn idx(i: u8) -> PartyIndex {
    PartyIndex::new(i).expect("index from 1")
}

/// A whole DKLs23 key generation (DKG plus OT and zero-share setup) for parties 1..=n.
fn dkls_keygen(t: u8, n: u8) -> Vec<Party<Secp256k1>> {
    let parameters = Parameters { threshold: t, share_count: n };
    let mut sid = vec![0u8; 32];
    OsRng.fill_bytes(&mut sid);
    let mut sessions: Vec<DkgSession<Secp256k1>> = (1..=n)
        .map(|i| DkgSession::new(parameters.clone(), idx(i), sid.clone()))
        .collect();
    // Phase 1: party i's polynomial evaluated at j goes to party j.
    let fragments: Vec<Vec<_>> = sessions.iter().map(|s| s.phase1()).collect();
    let mut commitments = Vec::new();
    let mut zero2 = Vec::new();
    let mut bip2 = BTreeMap::new();
    for (i, session) in sessions.iter_mut().enumerate() {
        let received: Vec<_> = fragments.iter().map(|f| f[i]).collect();
        let (commitment, zero, bip) = session.phase2(&received).expect("phase 2");
        commitments.push(commitment);
        zero2.extend(zero);
        bip2.insert(idx(i as u8 + 1), bip);
    }
    let mut zero3 = Vec::new();
    let mut mul3 = Vec::new();
    let mut bip3 = BTreeMap::new();
    for (i, session) in sessions.iter_mut().enumerate() {
        let (zero, mul, bip) = session.phase3().expect("phase 3");
        zero3.extend(zero);
        mul3.extend(mul);
        bip3.insert(idx(i as u8 + 1), bip);
    }
    sessions
        .into_iter()
        .enumerate()
        .map(|(i, session)| {
            let me = idx(i as u8 + 1);
            let z2: Vec<_> = zero2.iter().filter(|m| m.parties.receiver == me).cloned().collect();
            let z3: Vec<_> = zero3.iter().filter(|m| m.parties.receiver == me).cloned().collect();
            let m3: Vec<_> = mul3.iter().filter(|m| m.parties.receiver == me).cloned().collect();
            let (party, _) = session
                .phase4(&commitments, &z2, &z3, &m3, &bip2, &bip3, |_| String::new())
                .expect("phase 4");
            party
        })
        .collect()
}

/// A whole DKLs23 signature by parties 1..=t over a random digest, in this thread.
fn dkls_sign(parties: &[Party<Secp256k1>], t: usize) {
    let signers: Vec<u8> = (1..=t as u8).collect();
    let mut sign_id = vec![0u8; 32];
    OsRng.fill_bytes(&mut sign_id);
    let mut message_hash = [0u8; 32];
    OsRng.fill_bytes(&mut message_hash);
    let mut sessions = Vec::new();
    let mut out1 = Vec::new();
    for &i in &signers {
        let data = SignData {
            sign_id: sign_id.clone(),
            counterparties: signers.iter().filter(|&&j| j != i).map(|&j| idx(j)).collect(),
            message_hash,
        };
        let (session, transmit) =
            SignSession::new(&parties[i as usize - 1], data).expect("sign phase 1");
        sessions.push(session);
        out1.extend(transmit);
    }
    let mut out2 = Vec::new();
    for (k, session) in sessions.iter_mut().enumerate() {
        let me = idx(signers[k]);
        let inbox: Vec<_> = out1.iter().filter(|m| m.parties.receiver == me).cloned().collect();
        out2.extend(session.phase2(&inbox).expect("sign phase 2"));
    }
    let mut broadcasts = Vec::new();
    for (k, session) in sessions.iter_mut().enumerate() {
        let me = idx(signers[k]);
        let inbox: Vec<_> = out2.iter().filter(|m| m.parties.receiver == me).cloned().collect();
        broadcasts.push(session.phase3(&inbox).expect("sign phase 3"));
    }
    // Phase 4 sums every signer's broadcast, this signer's own included.
    for session in sessions {
        session.phase4(&broadcasts, true).expect("sign phase 4");
    }
}

macro_rules! frost_driver {
    ($name:ident, $krate:ident) => {
        mod $name {
            use std::collections::BTreeMap;

            use $krate as frost;
            use frost::keys::dkg;
            use frost::keys::{KeyPackage, PublicKeyPackage};
            use frost::Identifier;
            use rand::rngs::OsRng;
            use rand::RngCore;

            fn id(i: u16) -> Identifier {
                Identifier::try_from(i).expect("non-zero identifier")
            }

            /// A whole DKG (RFC 9591 Appendix C style, as in ZF's crates) for parties 1..=n.
            pub fn dkg(t: u16, n: u16) -> (BTreeMap<Identifier, KeyPackage>, PublicKeyPackage) {
                let mut secrets1 = BTreeMap::new();
                let mut packages1 = BTreeMap::new();
                for i in 1..=n {
                    let (secret, package) = dkg::part1(id(i), n, t, OsRng).expect("part 1");
                    secrets1.insert(id(i), secret);
                    packages1.insert(id(i), package);
                }
                let mut secrets2 = BTreeMap::new();
                let mut inboxes2: BTreeMap<Identifier, BTreeMap<Identifier, _>> = BTreeMap::new();
                let mut received1 = BTreeMap::new();
                for (me, secret) in secrets1 {
                    let mut others = packages1.clone();
                    others.remove(&me);
                    let (secret2, outgoing) = dkg::part2(secret, &others).expect("part 2");
                    for (to, package) in outgoing {
                        inboxes2.entry(to).or_default().insert(me, package);
                    }
                    secrets2.insert(me, secret2);
                    received1.insert(me, others);
                }
                let mut keys = BTreeMap::new();
                let mut public = None;
                for (me, secret2) in &secrets2 {
                    let (key, pubkeys) =
                        dkg::part3(secret2, &received1[me], &inboxes2[me]).expect("part 3");
                    keys.insert(*me, key);
                    public = Some(pubkeys);
                }
                (keys, public.expect("n > 0"))
            }

            /// Signers 1..=t: commitments, signature shares, `aggregators` aggregations
            /// (each verifies the group signature), over a random 32-byte message.
            pub fn sign(keys: &BTreeMap<Identifier, KeyPackage>, pubkeys: &PublicKeyPackage,
                t: usize, aggregators: usize) {
                let mut message = [0u8; 32];
                OsRng.fill_bytes(&mut message);
                let signers: Vec<_> = keys.iter().take(t).collect();
                let mut nonces = BTreeMap::new();
                let mut commitments = BTreeMap::new();
                for (id, key) in &signers {
                    let (nonce, commitment) =
                        frost::round1::commit(key.signing_share(), &mut OsRng);
                    nonces.insert(**id, nonce);
                    commitments.insert(**id, commitment);
                }
                let package = frost::SigningPackage::new(commitments, &message);
                let mut shares = BTreeMap::new();
                for (id, key) in &signers {
                    shares.insert(**id,
                        frost::round2::sign(&package, &nonces[*id], key).expect("round 2"));
                }
                for _ in 0..aggregators {
                    // aggregate() verifies the group signature before returning it.
                    frost::aggregate(&package, &shares, pubkeys).expect("aggregate");
                }
            }
        }
    };
}

frost_driver!(frost_ed, frost_ed25519);
frost_driver!(frost_k1, frost_secp256k1);
