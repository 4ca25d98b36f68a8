//! Property tests: every operation agrees with a brute-force reference on small prefixes.
//!
//! Prefixes are drawn inside one /22 (lengths /22../32, at most 1024 addresses each) so that
//! the references can enumerate every address in a `BTreeSet`. IPv6 variants use a /118
//! window to exercise the `u128` code paths.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;
use vpcsim_cidr::{
    Ipv4Net, Ipv6Net, LpmTable, MaskForm, Prefix, aggregate, contains, find_overlaps, overlaps,
    parse, parse_host, parse_mask, range_to_cidrs, split, split_parts,
};

const BASE: u32 = 0x0A00_0000; // 10.0.0.0
const WINDOW_LEN: u8 = 22;
const V6_BASE: u128 = 0x2001_0db8_0000_0000_0000_0000_0000_0000;

fn v4_prefix() -> impl Strategy<Value = Ipv4Net> {
    (0u32..1024, WINDOW_LEN..=32u8).prop_map(|(offset, len)| {
        Ipv4Net::new(Ipv4Addr::from(BASE + offset), len)
            .unwrap()
            .trunc()
    })
}

fn v6_prefix() -> impl Strategy<Value = Ipv6Net> {
    (0u128..1024, 118..=128u8).prop_map(|(offset, len)| {
        Ipv6Net::new(Ipv6Addr::from(V6_BASE + offset), len)
            .unwrap()
            .trunc()
    })
}

fn v4_set(net: &Ipv4Net) -> BTreeSet<u32> {
    (u32::from(net.network())..=u32::from(net.broadcast())).collect()
}

fn v6_set(net: &Ipv6Net) -> BTreeSet<u128> {
    (u128::from(net.network())..=u128::from(net.broadcast())).collect()
}

fn union_v4(nets: &[Ipv4Net]) -> BTreeSet<u32> {
    nets.iter().flat_map(v4_set).collect()
}

/// A cover is minimal iff its blocks are pairwise disjoint and each is maximal: its parent
/// block is not inside the covered set (every cover must spend at least one block per
/// maximal block).
fn assert_minimal_v4(cover: &[Ipv4Net], set: &BTreeSet<u32>) {
    for (i, a) in cover.iter().enumerate() {
        for b in &cover[i + 1..] {
            assert!(!overlaps(a, b), "{a} and {b} overlap");
        }
        if a.prefix_len() > 0 {
            let parent = Ipv4Net::new(a.network(), a.prefix_len() - 1)
                .unwrap()
                .trunc();
            assert!(
                !v4_set(&parent).is_subset(set),
                "{a} could merge into {parent}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_host_agrees_with_the_three_ways_to_write_a_length(addr in any::<u32>(), len in 0u8..=32) {
        let address = Ipv4Addr::from(addr);
        let network = Ipv4Net::new(address, len).unwrap().trunc();
        let netmask = network.netmask();
        let slash = parse_host(&format!("{address}/{len}")).unwrap();
        let dotted = parse_host(&format!("{address}/{netmask}")).unwrap();
        let spaced = parse_host(&format!("{address} {netmask}")).unwrap();
        for host in [slash, dotted, spaced] {
            prop_assert_eq!(host.address, std::net::IpAddr::V4(address));
            prop_assert_eq!(host.network, ipnet::IpNet::V4(network));
            prop_assert_eq!(host.is_host(), u32::from(network.network()) != addr);
        }
        // A wildcard names the same length, except the ambiguous all-zero and all-one masks,
        // which read as netmasks.
        if (1..32).contains(&len) {
            let wildcard = parse_host(&format!("{address}/{}", network.hostmask())).unwrap();
            prop_assert_eq!(wildcard.network, ipnet::IpNet::V4(network));
            prop_assert_eq!(wildcard.form, MaskForm::Wildcard);
        }
    }

    #[test]
    fn parse_host_never_panics(text in "[0-9a-f./: ]{0,40}") {
        if let Ok(host) = parse_host(&text) {
            prop_assert!(host.network.contains(&host.address), "{text:?}");
        }
    }

    #[test]
    fn parse_mask_accepts_exactly_contiguous_masks(bits in any::<u32>()) {
        let text = Ipv4Addr::from(bits).to_string();
        let contiguous = bits.leading_ones() == bits.count_ones()
            || bits.trailing_ones() == bits.count_ones();
        prop_assert_eq!(parse_mask(&text).is_ok(), contiguous, "{}", text);
    }

    #[test]
    fn parse_is_strict_exactly_when_host_bits_are_set(addr in any::<u32>(), len in 0u8..=32) {
        let text = format!("{}/{len}", Ipv4Addr::from(addr));
        let canonical = Ipv4Net::new(Ipv4Addr::from(addr), len).unwrap().trunc();
        match parse::<Ipv4Net>(&text) {
            Ok(net) => prop_assert_eq!(net, canonical),
            Err(err) => {
                prop_assert_ne!(u32::from(canonical.network()), addr);
                let expected = format!("did you mean `{canonical}`?");
                prop_assert!(err.to_string().contains(&expected));
            }
        }
    }

    #[test]
    fn contains_and_overlaps_match_sets(a in v4_prefix(), b in v4_prefix()) {
        let (sa, sb) = (v4_set(&a), v4_set(&b));
        prop_assert_eq!(contains(&a, &b), sb.is_subset(&sa));
        prop_assert_eq!(overlaps(&a, &b), !sa.is_disjoint(&sb));
    }

    #[test]
    fn split_covers_exactly_the_parent(parent in v4_prefix(), extra in 0u8..=10) {
        let new_len = (parent.prefix_len() + extra).min(32);
        let parts: Vec<Ipv4Net> = split(&parent, new_len).unwrap().collect();
        prop_assert_eq!(parts.len(), 1usize << (new_len - parent.prefix_len()));
        prop_assert!(parts.iter().all(|p| p.prefix_len() == new_len));
        prop_assert!(parts.windows(2).all(|w| w[0] < w[1]));
        let total: usize = parts.iter().map(|p| v4_set(p).len()).sum();
        prop_assert_eq!(total, v4_set(&parent).len(), "parts are disjoint");
        prop_assert_eq!(union_v4(&parts), v4_set(&parent));
    }

    #[test]
    fn split_parts_makes_k_equal_parts(parent in v4_prefix(), log_parts in 0u32..=12) {
        let parts = 1u128 << log_parts;
        let result = split_parts(&parent, parts);
        if u32::from(parent.prefix_len()) + log_parts > 32 {
            prop_assert!(result.is_err());
        } else {
            let nets: Vec<Ipv4Net> = result.unwrap().collect();
            prop_assert_eq!(nets.len() as u128, parts);
            prop_assert_eq!(union_v4(&nets), v4_set(&parent));
        }
    }

    #[test]
    fn aggregate_is_equal_as_a_set_and_minimal(nets in prop::collection::vec(v4_prefix(), 0..24)) {
        let merged = aggregate(&nets);
        let set = union_v4(&nets);
        prop_assert_eq!(union_v4(&merged), set.clone());
        assert_minimal_v4(&merged, &set);
        prop_assert!(merged.windows(2).all(|w| w[0] < w[1]), "sorted");
    }

    #[test]
    fn range_to_cidrs_is_equal_as_a_set_and_minimal(a in 0u32..1024, b in 0u32..1024) {
        let (first, last) = (BASE + a.min(b), BASE + a.max(b));
        let nets = range_to_cidrs::<Ipv4Net>(first.into(), last.into()).unwrap();
        let set: BTreeSet<u32> = (first..=last).collect();
        prop_assert_eq!(union_v4(&nets), set.clone());
        assert_minimal_v4(&nets, &set);
    }

    #[test]
    fn find_overlaps_equals_the_quadratic_check(nets in prop::collection::vec(v4_prefix(), 0..40)) {
        let mut found: Vec<(usize, usize)> = find_overlaps(&nets)
            .iter()
            .map(|o| {
                prop_assert!(contains(&nets[o.outer], &nets[o.inner]));
                if nets[o.outer] == nets[o.inner] {
                    prop_assert!(o.outer < o.inner);
                }
                Ok((o.outer.min(o.inner), o.outer.max(o.inner)))
            })
            .collect::<Result<_, TestCaseError>>()?;
        found.sort_unstable();
        let mut expected = Vec::new();
        for i in 0..nets.len() {
            for j in i + 1..nets.len() {
                if !v4_set(&nets[i]).is_disjoint(&v4_set(&nets[j])) {
                    expected.push((i, j));
                }
            }
        }
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn lpm_equals_a_linear_scan(
        nets in prop::collection::vec(v4_prefix(), 0..40),
        probes in prop::collection::vec(0u32..1100, 1..64),
        with_default in any::<bool>(),
    ) {
        let mut entries: Vec<(Ipv4Net, usize)> =
            nets.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        if with_default {
            entries.push(("0.0.0.0/0".parse().unwrap(), usize::MAX));
        }
        let table: LpmTable<Ipv4Net, usize> = entries.iter().copied().collect();
        for offset in probes {
            let addr = Ipv4Addr::from(BASE - 50 + offset);
            // Reference: the longest containing prefix; for equal prefixes the last entry wins.
            let expected = entries
                .iter()
                .filter(|(net, _)| net.contains(&addr))
                .max_by_key(|(net, value)| {
                    let pos = entries.iter().rposition(|e| e.0 == *net && e.1 == *value);
                    (net.prefix_len(), pos)
                })
                .map(|(net, value)| (*net, *value));
            let got = table.lookup(addr).map(|(net, value)| (*net, *value));
            prop_assert_eq!(got, expected, "address {}", addr);
        }
    }

    #[test]
    fn v6_aggregate_and_overlaps_match_sets(nets in prop::collection::vec(v6_prefix(), 0..16)) {
        let merged = aggregate(&nets);
        let set: BTreeSet<u128> = nets.iter().flat_map(v6_set).collect();
        let merged_set: BTreeSet<u128> = merged.iter().flat_map(v6_set).collect();
        prop_assert_eq!(merged_set, set);
        let n_pairs = find_overlaps(&nets).len();
        let mut expected = 0;
        for i in 0..nets.len() {
            for j in i + 1..nets.len() {
                if !v6_set(&nets[i]).is_disjoint(&v6_set(&nets[j])) {
                    expected += 1;
                }
            }
        }
        prop_assert_eq!(n_pairs, expected);
    }

    #[test]
    fn v6_lpm_equals_a_linear_scan(
        nets in prop::collection::vec(v6_prefix(), 0..24),
        probes in prop::collection::vec(0u128..1100, 1..32),
    ) {
        let table: LpmTable<Ipv6Net, usize> =
            nets.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        for offset in probes {
            let addr = Ipv6Addr::from(V6_BASE - 50 + offset);
            let expected = nets
                .iter()
                .enumerate()
                .filter(|(_, net)| net.contains(&addr))
                .max_by_key(|(i, net)| (net.prefix_len(), *i))
                .map(|(i, net)| (*net, i));
            let got = table.lookup(addr).map(|(net, value)| (*net, *value));
            prop_assert_eq!(got, expected);
            prop_assert_eq!(table.lookup(addr).map(|(n, _)| n.first_addr() <= addr), got.map(|_| true));
        }
    }
}

/// Large inputs take the radix-sort path (512 items and more): check it against a bitmap and
/// the quadratic overlap check over a /16 window.
#[test]
fn large_inputs_agree_with_bitmap_and_quadratic_references() {
    let mut state = 0x5EED_u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 16
    };
    for round in 0..4 {
        let n_nets = 600 + round * 700;
        let nets: Vec<Ipv4Net> = (0..n_nets)
            .map(|_| {
                let draw = next();
                let len = 18 + (draw % 15) as u8;
                let addr = BASE | ((draw >> 8) as u32 & 0xffff);
                Ipv4Net::new(Ipv4Addr::from(addr), len).unwrap().trunc()
            })
            .collect();
        let mut covered = vec![false; 1 << 16];
        for net in &nets {
            for addr in u32::from(net.network())..=u32::from(net.broadcast()) {
                covered[(addr - BASE) as usize] = true;
            }
        }
        let merged = aggregate(&nets);
        let mut merged_cover = vec![false; 1 << 16];
        for net in &merged {
            for addr in u32::from(net.network())..=u32::from(net.broadcast()) {
                assert!(
                    !merged_cover[(addr - BASE) as usize],
                    "{net} overlaps another output"
                );
                merged_cover[(addr - BASE) as usize] = true;
            }
            if net.prefix_len() > 0 {
                let parent = Ipv4Net::new(net.network(), net.prefix_len() - 1)
                    .unwrap()
                    .trunc();
                let inside =
                    (u32::from(parent.network())..=u32::from(parent.broadcast())).all(|addr| {
                        // Outside the window nothing is covered.
                        covered
                            .get(addr.wrapping_sub(BASE) as usize)
                            .copied()
                            .unwrap_or(false)
                    });
                assert!(!inside, "{net} could merge into {parent}");
            }
        }
        assert_eq!(merged_cover, covered);
        assert!(merged.windows(2).all(|w| w[0] < w[1]));

        let mut found: Vec<(usize, usize)> = find_overlaps(&nets)
            .iter()
            .map(|o| (o.outer.min(o.inner), o.outer.max(o.inner)))
            .collect();
        found.sort_unstable();
        let mut expected = Vec::new();
        for i in 0..nets.len() {
            for j in i + 1..nets.len() {
                if overlaps(&nets[i], &nets[j]) {
                    expected.push((i, j));
                }
            }
        }
        assert_eq!(found, expected);
        for pair in find_overlaps(&nets) {
            if nets[pair.outer] == nets[pair.inner] {
                assert!(pair.outer < pair.inner);
            } else {
                assert!(contains(&nets[pair.outer], &nets[pair.inner]));
            }
        }
    }
}
