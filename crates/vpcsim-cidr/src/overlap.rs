//! Overlap detection among many prefixes: every overlapping pair in O(N log N + pairs).
//!
//! Prefixes are laminar (two are disjoint or nested), so after sorting by (first address,
//! prefix length) a sweep keeps a stack of the "open" prefixes that contain the current one.
//! Entering a prefix pops every open prefix that ended before it; everything left on the stack
//! contains it, which is exactly its set of overlapping predecessors. No pair is compared
//! twice and no non-overlapping pair is compared at all, unlike the quadratic check.

use crate::prefix::{Prefix, Uint};

/// One overlapping pair, as indices into the input slice. `outer` contains `inner`; when the
/// two are equal, `outer` is the one given first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Overlap {
    /// Index of the containing (wider or equal) prefix.
    pub outer: usize,
    /// Index of the contained prefix.
    pub inner: usize,
}

/// Every pair of input prefixes that share an address.
///
/// Pairs come in a deterministic order: by the inner prefix in (network, length, index)
/// order, then by the outer prefix from widest to narrowest. Time O(N log N + pairs),
/// memory O(N + pairs).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, Overlap, find_overlaps, parse};
/// let nets: Vec<Ipv4Net> = ["10.0.0.0/16", "10.1.0.0/16", "10.0.2.0/24", "10.0.2.0/24"]
///     .iter()
///     .map(|text| parse(text))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(
///     find_overlaps(&nets),
///     [
///         Overlap { outer: 0, inner: 2 },
///         Overlap { outer: 0, inner: 3 },
///         Overlap { outer: 2, inner: 3 },
///     ]
/// );
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn find_overlaps<P: Prefix>(nets: &[P]) -> Vec<Overlap> {
    let mut out = Vec::new();
    // IPv4 fast path: (first, len, idx) packed into one u64 (32 + 6 + 26 bits), so the sort is
    // the standard library's integer sort on 8-byte keys: the sort is most of the work.
    if P::MAX_LEN == 32 && nets.len() <= PACKED_IDX_MASK as usize + 1 {
        let mut keys: Vec<u64> = nets
            .iter()
            .zip(0u64..)
            .map(|(net, idx)| {
                let (first, len) = net.to_parts();
                (first.to_u128() as u64) << 32 | u64::from(len) << 26 | idx
            })
            .collect();
        keys.sort_unstable();
        sweep::<P>(
            keys.into_iter().map(|key| {
                let first = P::Uint::from_u128(u128::from(key >> 32));
                let len = ((key >> 26) & 0x3f) as u8;
                let idx = (key & PACKED_IDX_MASK) as usize;
                (first, first.or(P::Uint::host_mask(len)), idx)
            }),
            &mut out,
        );
        return out;
    }
    let mut order: Vec<(P::Uint, u8, usize)> = nets
        .iter()
        .enumerate()
        .map(|(idx, net)| {
            let (first, len) = net.to_parts();
            (first, len, idx)
        })
        .collect();
    order.sort_unstable();
    sweep::<P>(
        order
            .into_iter()
            .map(|(first, len, idx)| (first, first.or(P::Uint::host_mask(len)), idx)),
        &mut out,
    );
    out
}

/// The low 26 bits of a packed IPv4 sort key hold the input index.
const PACKED_IDX_MASK: u64 = (1 << 26) - 1;

/// The stack sweep over entries sorted by (first, len, idx), given as (first, last, idx).
fn sweep<P: Prefix>(
    sorted: impl Iterator<Item = (P::Uint, P::Uint, usize)>,
    out: &mut Vec<Overlap>,
) {
    // Invariant: each stack entry contains the one above it; entries are (last address, index).
    let mut open: Vec<(P::Uint, usize)> = Vec::with_capacity(usize::from(P::MAX_LEN) + 1);
    for (first, last, idx) in sorted {
        while open.last().is_some_and(|&(open_last, _)| open_last < first) {
            open.pop();
        }
        out.extend(open.iter().map(|&(_, outer)| Overlap { outer, inner: idx }));
        open.push((last, idx));
    }
}

/// True when any two input prefixes overlap; stops at the first overlap found after sorting.
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse};
/// use vpcsim_cidr::overlap::has_overlap;
/// let a: Ipv4Net = parse("10.0.0.0/24")?;
/// let b: Ipv4Net = parse("10.0.1.0/24")?;
/// assert!(!has_overlap(&[a, b]));
/// assert!(has_overlap(&[a, b, parse("10.0.0.0/23")?]));
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn has_overlap<P: Prefix>(nets: &[P]) -> bool {
    crate::ops::sorted_intervals(nets)
        .windows(2)
        .any(|pair| pair[1].0 <= pair[0].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use ipnet::Ipv4Net;

    #[test]
    fn disjoint_prefixes_have_no_overlaps() {
        let nets: Vec<Ipv4Net> = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23"]
            .iter()
            .map(|t| parse(t).unwrap())
            .collect();
        assert!(find_overlaps(&nets).is_empty());
        assert!(find_overlaps::<Ipv4Net>(&[]).is_empty());
    }

    #[test]
    fn nested_chain_reports_every_pair() {
        let nets: Vec<Ipv4Net> = ["10.0.0.0/26", "10.0.0.0/8", "10.0.0.0/16", "0.0.0.0/0"]
            .iter()
            .map(|t| parse(t).unwrap())
            .collect();
        assert_eq!(find_overlaps(&nets).len(), 6);
    }

    #[test]
    fn sibling_after_nested_child_is_still_inside_parent() {
        let nets: Vec<Ipv4Net> = ["10.0.0.0/16", "10.0.0.0/24", "10.0.0.0/25", "10.0.5.0/24"]
            .iter()
            .map(|t| parse(t).unwrap())
            .collect();
        let pairs: Vec<(usize, usize)> = find_overlaps(&nets)
            .iter()
            .map(|o| (o.outer, o.inner))
            .collect();
        assert_eq!(pairs, [(0, 1), (0, 2), (1, 2), (0, 3)]);
    }
}
