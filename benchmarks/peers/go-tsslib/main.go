// Command tsslib-bench times bnb-chain/tss-lib v2 (GG18 ECDSA, the engine Mpcium uses, and its
// EdDSA protocol) the way Mpcium for Java's JMH suite times its own protocols: every party of one
// run in this process, messages handed over in memory as wire bytes, no network.
//
// tss-lib's "threshold" is the polynomial degree: a t-of-n committee in Mpcium-Java's terms
// (t signers) is threshold t-1 here: threshold+1 signers take part. Keygen is timed with
// Paillier/safe-prime pre-parameters made beforehand (excluded) and their generation is timed
// separately (included = keygen + one party's pre-parameters, as each party makes its own in
// parallel on its own machine).
//
// Usage: go run . [-runs N] [-t 2 -n 3]
package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"math/big"
	"os"
	"runtime/pprof"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/bnb-chain/tss-lib/v2/common"
	ecdsakeygen "github.com/bnb-chain/tss-lib/v2/ecdsa/keygen"
	ecdsasigning "github.com/bnb-chain/tss-lib/v2/ecdsa/signing"
	eddsakeygen "github.com/bnb-chain/tss-lib/v2/eddsa/keygen"
	eddsasigning "github.com/bnb-chain/tss-lib/v2/eddsa/signing"
	"github.com/bnb-chain/tss-lib/v2/tss"
)

func main() {
	runs := flag.Int("runs", 10, "measured runs per figure")
	t := flag.Int("t", 2, "signers (Mpcium-Java's t; tss-lib threshold is t-1)")
	n := flag.Int("n", 3, "parties")
	eddsaOnly := flag.Bool("eddsa-only", false, "skip ECDSA (and its minutes of pre-parameters)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	config := fmt.Sprintf("%d-of-%d", *t, *n)
	const lib = "tss-lib v2.0.2"
	ids := partyIDs(*n)
	if !*eddsaOnly {
		benchECDSA(lib, config, ids, *t, *runs)
	}
	var eddsaKeys []*eddsakeygen.LocalPartySaveData
	report(lib, "EdDSA keygen (all parties)", config,
		measure(*runs*2, func() { eddsaKeys = eddsaKeygen(ids, *t-1) }))
	report(lib, "EdDSA sign (t signers)", config,
		measure(*runs*4, func() { eddsaSign(ids, *t, eddsaKeys) }))
}

func benchECDSA(lib, config string, ids tss.SortedPartyIDs, t, runs int) {
	pre := make([]ecdsakeygen.LocalPreParams, len(ids))
	preTimes := make([]time.Duration, len(ids))
	for i := range pre {
		start := time.Now()
		p, err := ecdsakeygen.GeneratePreParams(10 * time.Minute)
		check(err)
		preTimes[i] = time.Since(start)
		pre[i] = *p
	}
	report(lib, "ECDSA pre-parameters (one party, Paillier + safe primes)", config, preTimes)

	var ecdsaKeys []*ecdsakeygen.LocalPartySaveData
	report(lib, "ECDSA keygen GG18 (all parties, pre-parameters excluded)", config,
		measure(runs, func() { ecdsaKeys = ecdsaKeygen(ids, t-1, pre) }))
	report(lib, "ECDSA sign GG18 (t signers)", config,
		measure(runs*2, func() { ecdsaSign(ids, t, ecdsaKeys) }))
}

func partyIDs(n int) tss.SortedPartyIDs {
	unsorted := make(tss.UnSortedPartyIDs, n)
	for i := range unsorted {
		unsorted[i] = tss.NewPartyID(fmt.Sprint(i+1), fmt.Sprintf("p%d", i), big.NewInt(int64(i+1)))
	}
	return tss.SortPartyIDs(unsorted)
}

// cpuTime is this process's user plus system CPU time so far (all threads): unlike wall time it
// hardly grows with the load other programs put on the machine.
func cpuTime() time.Duration {
	var usage syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &usage))
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

var lastCPUPerOp time.Duration

func measure(runs int, f func()) []time.Duration {
	f() // warm-up
	times := make([]time.Duration, runs)
	cpuStart := cpuTime()
	for i := range times {
		start := time.Now()
		f()
		times[i] = time.Since(start)
	}
	lastCPUPerOp = (cpuTime() - cpuStart) / time.Duration(runs)
	return times
}

func report(lib, op, config string, times []time.Duration) {
	sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
	var sum time.Duration
	for _, d := range times {
		sum += d
	}
	cpu := "-"
	if lastCPUPerOp > 0 {
		cpu = fmt.Sprintf("%.3f ms/op", ms(lastCPUPerOp))
	}
	lastCPUPerOp = 0
	fmt.Printf("%s | %s | %s | median %.3f ms | mean %.3f ms | cpu %s | %d runs\n", lib, op,
		config, ms(times[len(times)/2]), ms(sum/time.Duration(len(times))), cpu, len(times))
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run drives parties until every one has ended, routing each outgoing message as wire bytes.
func run(ids tss.SortedPartyIDs, parties []tss.Party, out chan tss.Message, done chan struct{},
	errs chan *tss.Error) {
	byID := map[string]tss.Party{}
	for i, p := range parties {
		byID[ids[i].Id] = p
		go func(p tss.Party) {
			if err := p.Start(); err != nil {
				errs <- err
			}
		}(p)
	}
	var wg sync.WaitGroup
	for running := true; running; {
		select {
		case <-done:
			running = false
		case err := <-errs:
			check(err)
		case msg := <-out:
			wire, routing, err := msg.WireBytes()
			check(err)
			targets := msg.GetTo()
			if routing.IsBroadcast {
				targets = nil
				for _, id := range ids {
					if id.Id != routing.From.Id {
						targets = append(targets, id)
					}
				}
			}
			for _, to := range targets {
				wg.Add(1)
				go func(p tss.Party) {
					defer wg.Done()
					if _, err := p.UpdateFromBytes(wire, routing.From, routing.IsBroadcast); err != nil {
						errs <- err
					}
				}(byID[to.Id])
			}
		}
	}
	wg.Wait()
}

func ecdsaKeygen(ids tss.SortedPartyIDs, threshold int,
	pre []ecdsakeygen.LocalPreParams) []*ecdsakeygen.LocalPartySaveData {
	ctx := tss.NewPeerContext(ids)
	out := make(chan tss.Message, 1024)
	end := make(chan *ecdsakeygen.LocalPartySaveData, len(ids))
	parties := make([]tss.Party, len(ids))
	for i, id := range ids {
		params := tss.NewParameters(tss.S256(), ctx, id, len(ids), threshold)
		parties[i] = ecdsakeygen.NewLocalParty(params, out, end, pre[i])
	}
	saved := make([]*ecdsakeygen.LocalPartySaveData, len(ids))
	done := make(chan struct{})
	go func() {
		for range ids {
			s := <-end
			index, err := s.OriginalIndex()
			check(err)
			saved[index] = s
		}
		close(done)
	}()
	run(ids, parties, out, done, make(chan *tss.Error, len(ids)*len(ids)*8))
	return saved
}

func ecdsaSign(ids tss.SortedPartyIDs, t int, keys []*ecdsakeygen.LocalPartySaveData) {
	signers := tss.SortPartyIDs(ids[:t].ToUnSorted())
	ctx := tss.NewPeerContext(signers)
	digest := make([]byte, 32)
	_, _ = rand.Read(digest)
	out := make(chan tss.Message, 1024)
	end := make(chan *common.SignatureData, t)
	parties := make([]tss.Party, t)
	for i, id := range signers {
		params := tss.NewParameters(tss.S256(), ctx, id, t, t-1)
		key := ecdsakeygen.BuildLocalSaveDataSubset(*keys[i], signers)
		parties[i] = ecdsasigning.NewLocalParty(new(big.Int).SetBytes(digest), params, key, out, end)
	}
	done := make(chan struct{})
	go func() {
		for range signers {
			<-end
		}
		close(done)
	}()
	run(signers, parties, out, done, make(chan *tss.Error, t*t*16))
}

func eddsaKeygen(ids tss.SortedPartyIDs, threshold int) []*eddsakeygen.LocalPartySaveData {
	ctx := tss.NewPeerContext(ids)
	out := make(chan tss.Message, 1024)
	end := make(chan *eddsakeygen.LocalPartySaveData, len(ids))
	parties := make([]tss.Party, len(ids))
	for i, id := range ids {
		params := tss.NewParameters(tss.Edwards(), ctx, id, len(ids), threshold)
		parties[i] = eddsakeygen.NewLocalParty(params, out, end)
	}
	saved := make([]*eddsakeygen.LocalPartySaveData, len(ids))
	done := make(chan struct{})
	go func() {
		for range ids {
			s := <-end
			index, err := s.OriginalIndex()
			check(err)
			saved[index] = s
		}
		close(done)
	}()
	run(ids, parties, out, done, make(chan *tss.Error, len(ids)*len(ids)*8))
	return saved
}

func eddsaSign(ids tss.SortedPartyIDs, t int, keys []*eddsakeygen.LocalPartySaveData) {
	signers := tss.SortPartyIDs(ids[:t].ToUnSorted())
	ctx := tss.NewPeerContext(signers)
	message := make([]byte, 32)
	_, _ = rand.Read(message)
	out := make(chan tss.Message, 1024)
	end := make(chan *common.SignatureData, t)
	parties := make([]tss.Party, t)
	for i, id := range signers {
		params := tss.NewParameters(tss.Edwards(), ctx, id, t, t-1)
		parties[i] = eddsasigning.NewLocalParty(new(big.Int).SetBytes(message), params, *keys[i],
			out, end)
	}
	done := make(chan struct{})
	go func() {
		for range signers {
			<-end
		}
		close(done)
	}()
	run(signers, parties, out, done, make(chan *tss.Error, t*t*16))
}
