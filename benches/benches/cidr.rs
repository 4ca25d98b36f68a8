//! CIDR engine benchmarks (issue #2): overlap detection and collapse of 1,000,000 random IPv4
//! prefixes, and 1,000,000 longest-prefix-match lookups against a 100,000-prefix table.
//!
//! Inputs come from splitmix64 with fixed seeds; `baselines/collapse.py` generates the very
//! same prefixes in Python and times `ipaddress.collapse_addresses` on them. Both print the
//! number of collapsed prefixes so the two runs can be checked to agree.
//!
//! The prefix mix is routing-table-like: 60% /24, 30% /16–/23, 10% /25–/32, addresses uniform
//! over the whole IPv4 space.
#![allow(clippy::print_stderr, clippy::unwrap_used)]

use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vpcsim_cidr::{Ipv4Net, LpmTable, aggregate, find_overlaps};

const N_CIDRS: usize = 1_000_000;
const N_TABLE: usize = 100_000;
const N_LOOKUPS: usize = 1_000_000;

/// splitmix64 (Steele, Lea, Flood 2014); the Python baseline implements the same steps.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// One random prefix per draw: 60% /24, 30% /16–/23, 10% /25–/32.
fn random_cidrs(count: usize, seed: u64) -> Vec<Ipv4Net> {
    let mut rng = SplitMix64(seed);
    (0..count)
        .map(|_| {
            let draw = rng.next();
            let addr = (draw >> 32) as u32;
            let pick = (draw & 0xffff) % 100;
            let extra = ((draw >> 16) & 0xff) % 8;
            let len = match pick {
                0..60 => 24,
                60..90 => 16 + extra,
                _ => 25 + extra,
            } as u8;
            Ipv4Net::new(Ipv4Addr::from(addr), len).unwrap().trunc()
        })
        .collect()
}

/// Half the probes fall inside a random table prefix, half are uniform.
fn probe_addresses(table: &[Ipv4Net], count: usize, seed: u64) -> Vec<Ipv4Addr> {
    let mut rng = SplitMix64(seed);
    (0..count)
        .map(|_| {
            let draw = rng.next();
            if draw & 1 == 1 {
                let net = table[((draw >> 1) % table.len() as u64) as usize];
                let host = (rng.next() as u32) & u32::from(net.hostmask());
                Ipv4Addr::from(u32::from(net.network()) | host)
            } else {
                Ipv4Addr::from((draw >> 32) as u32)
            }
        })
        .collect()
}

fn bench_overlap_and_collapse(c: &mut Criterion) {
    let cidrs = random_cidrs(N_CIDRS, 1);
    let n_pairs = find_overlaps(&cidrs).len();
    let n_collapsed = aggregate(&cidrs).len();
    eprintln!(
        "cidr bench input: {N_CIDRS} prefixes (seed 1), {n_pairs} overlapping pairs, \
         {n_collapsed} prefixes after collapse"
    );
    let mut group = c.benchmark_group("cidr_1m");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(N_CIDRS as u64));
    group.bench_function("find_overlaps", |b| {
        b.iter(|| black_box(find_overlaps(black_box(&cidrs))).len())
    });
    group.bench_function("aggregate", |b| {
        b.iter(|| black_box(aggregate(black_box(&cidrs))).len())
    });
    group.bench_function("find_overlaps+aggregate", |b| {
        b.iter(|| {
            let pairs = find_overlaps(black_box(&cidrs)).len();
            let collapsed = aggregate(black_box(&cidrs)).len();
            black_box(pairs + collapsed)
        })
    });
    group.finish();
}

fn bench_lpm(c: &mut Criterion) {
    let prefixes = random_cidrs(N_TABLE, 2);
    let table: LpmTable<Ipv4Net, u32> = prefixes
        .iter()
        .enumerate()
        .map(|(idx, net)| (*net, idx as u32))
        .collect();
    let probes = probe_addresses(&prefixes, N_LOOKUPS, 3);
    let hits = probes
        .iter()
        .filter(|addr| table.lookup(**addr).is_some())
        .count();
    eprintln!(
        "lpm bench: {} distinct prefixes, {N_LOOKUPS} lookups, {hits} hits",
        table.len()
    );
    let mut group = c.benchmark_group("lpm_100k");
    group.sample_size(20);
    group.throughput(Throughput::Elements(N_LOOKUPS as u64));
    group.bench_function("1m_lookups", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for addr in &probes {
                if let Some((_, value)) = table.lookup(*addr) {
                    sum += u64::from(*value);
                }
            }
            black_box(sum)
        })
    });
    group.bench_function("build", |b| {
        b.iter(|| {
            let table: LpmTable<Ipv4Net, u32> = prefixes
                .iter()
                .enumerate()
                .map(|(idx, net)| (*net, idx as u32))
                .collect();
            black_box(table.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_overlap_and_collapse, bench_lpm);
criterion_main!(benches);
