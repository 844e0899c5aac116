// Times @noble/curves FROST (RFC 9591) the way Mpcium for Java's JMH suite times its own FROST:
// every party in this one thread, no network. Usage: node frost.mjs [RUNS] [t-of-n ...]
// (default 200 runs, 2-of-3). One line per figure: library | operation | committee | median |
// mean wall time | CPU time per operation (process.cpuUsage: it hardly grows with the load).
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { randomBytes } from 'node:crypto';

const args = process.argv.slice(2);
const runs = args.length > 0 ? Number(args[0]) : 200;
const configs = args.length > 1 ? args.slice(1) : ['2-of-3'];

function report(operation, config, count, f) {
  for (let i = 0; i < Math.max(20, count / 5); i++) f(); // warm-up (JIT)
  const times = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 / count;
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / count;
  console.log(`@noble/curves 2.4.0 | ${operation} | ${config} | median ${times[count >> 1]
    .toFixed(3)} ms | mean ${mean.toFixed(3)} ms | cpu ${cpuMs.toFixed(3)} ms/op | ${count} runs`);
}

/** A whole DKG (three rounds) for parties 1..n; returns each party's key. */
function dkg(F, t, n) {
  const signers = { min: t, max: n };
  const ids = Array.from({ length: n }, (_, i) => F.Identifier.fromNumber(i + 1));
  const r1 = ids.map((id) => F.DKG.round1(id, signers));
  const r2 = r1.map((me, i) => F.DKG.round2(me.secret, r1.filter((_, j) => j !== i)
    .map((o) => o.public)));
  return ids.map((id, i) => F.DKG.round3(r1[i].secret,
    r1.filter((_, j) => j !== i).map((o) => o.public),
    r2.filter((_, j) => j !== i).map((sent) => sent[id])));
}

/** Signers 1..t commit, sign shares and `aggregators` of them aggregate and verify. */
function sign(F, keys, t, aggregators) {
  const msg = randomBytes(32);
  const signers = keys.slice(0, t);
  const round1 = signers.map((k) => F.commit(k.secret));
  const commitments = round1.map((r) => r.commitments);
  const shares = {};
  signers.forEach((k, i) => {
    shares[k.secret.identifier] = F.signShare(k.secret, k.public, round1[i].nonces, commitments,
      msg);
  });
  for (let a = 0; a < aggregators; a++) {
    const sig = F.aggregate(signers[0].public, commitments, msg, shares);
    if (!F.verify(sig, msg, signers[0].public.commitments[0])) throw new Error('bad signature');
  }
}

for (const config of configs) {
  const [t, n] = config.split('-of-').map(Number);
  for (const [name, F] of [['FROST(Ed25519)', ed25519_FROST], ['FROST(secp256k1)', secp256k1_FROST]]) {
    report(`${name} DKG (all parties)`, config, Math.max(10, runs / 10), () => dkg(F, t, n));
    const keys = dkg(F, t, n);
    report(`${name} sign (t signers, 1 aggregate + verify)`, config, runs,
      () => sign(F, keys, t, 1));
    report(`${name} sign (t signers, each aggregates + verifies)`, config, runs,
      () => sign(F, keys, t, t));
  }
}
