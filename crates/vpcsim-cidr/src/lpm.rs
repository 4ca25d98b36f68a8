//! [`LpmTable`]: longest-prefix match, the lookup a route table does for every packet.
//!
//! Built once, queried many times. The prefixes are flattened into sorted, disjoint address
//! segments, each labelled with the longest prefix covering it (at most 2N + 1 segments for
//! N prefixes). A lookup reads a direct-indexed table keyed by the top bits of the address
//! (up to 16 bits, 64k entries) to find a handful of candidate segments, then binary-searches
//! those. That is two or three cache lines per lookup, independent of how many distinct prefix
//! lengths the table holds, which is what makes per-length hash probing slow on a table like
//! a route table with every length from /8 to /32 present.

use crate::prefix::{Prefix, Uint, bounds};

/// Segment owner meaning "no prefix covers this segment".
const NONE: u32 = u32::MAX;

/// A longest-prefix-match table from prefixes to values of type `T`.
///
/// ```
/// use std::net::Ipv4Addr;
/// use vpcsim_cidr::{Ipv4Net, LpmTable, parse};
/// let table: LpmTable<Ipv4Net, &str> = LpmTable::new([
///     (parse("0.0.0.0/0")?, "igw"),
///     (parse("10.0.0.0/16")?, "local"),
///     (parse("10.0.5.0/24")?, "pcx"),
/// ]);
/// let (net, target) = table.lookup(Ipv4Addr::new(10, 0, 5, 9)).unwrap();
/// assert_eq!((net.to_string(), *target), ("10.0.5.0/24".into(), "pcx"));
/// assert_eq!(table.lookup(Ipv4Addr::new(8, 8, 8, 8)).map(|(_, t)| *t), Some("igw"));
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
#[derive(Debug, Clone)]
pub struct LpmTable<P: Prefix, T> {
    // Invariant: canonical, unique prefixes sorted by (network, length).
    entries: Vec<(P, T)>,
    // Invariant: (start, owner) with strictly increasing starts, `segments[0].0 == 0`;
    // segment i covers segments[i].0 up to segments[i+1].0; owner indexes `entries` or is NONE.
    // Start and owner sit side by side so a lookup touches one cache line for both.
    segments: Vec<(P::Uint, u32)>,
    // Invariant: `index[h]` is the segment containing `h << shift`; one extra sentinel entry.
    index: Vec<u32>,
    shift: u32,
}

impl<P: Prefix, T> LpmTable<P, T> {
    /// Builds a table. Prefixes are canonicalised; when a prefix appears more than once, the
    /// last value given wins (as with `HashMap::from_iter`). O(N log N).
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, LpmTable, parse};
    /// let table = LpmTable::new([(parse::<Ipv4Net>("10.0.0.0/8")?, 1), (parse("10.0.0.0/8")?, 2)]);
    /// assert_eq!(table.len(), 1);
    /// assert_eq!(table.lookup("10.1.2.3".parse().unwrap()).map(|(_, v)| *v), Some(2));
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    pub fn new(entries: impl IntoIterator<Item = (P, T)>) -> Self {
        let mut raw: Vec<(P, T)> = entries
            .into_iter()
            .map(|(net, value)| (net.canonical(), value))
            .collect();
        // Stable, so equal prefixes keep their input order and the last one can win.
        raw.sort_by_key(|(net, _)| net.to_parts());
        let mut entries: Vec<(P, T)> = Vec::with_capacity(raw.len());
        for (net, value) in raw {
            match entries.last_mut() {
                Some(last) if last.0 == net => last.1 = value,
                _ => entries.push((net, value)),
            }
        }
        let segments = segments(&entries);
        let (index, shift) = build_index::<P>(&segments);
        LpmTable {
            entries,
            segments,
            index,
            shift,
        }
    }

    /// The longest prefix containing `addr` and its value, or `None` when no prefix matches.
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv6Net, LpmTable, parse};
    /// let table = LpmTable::new([(parse::<Ipv6Net>("2001:db8::/32")?, "a")]);
    /// assert!(table.lookup("2001:db8::1".parse().unwrap()).is_some());
    /// assert!(table.lookup("2001:db9::1".parse().unwrap()).is_none());
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    #[inline]
    pub fn lookup(&self, addr: P::Addr) -> Option<(&P, &T)> {
        let bits = P::addr_to_uint(addr);
        // The shift leaves at most 16 bits, so the bucket fits in usize.
        let bucket = bits.shr(self.shift).to_u128() as usize;
        let lo = *self.index.get(bucket)? as usize;
        let hi = *self.index.get(bucket + 1)? as usize;
        let candidates = self.segments.get(lo + 1..=hi)?;
        let segment = lo + candidates.partition_point(|(start, _)| *start <= bits);
        let owner = self.segments.get(segment)?.1;
        if owner == NONE {
            return None;
        }
        self.entries
            .get(owner as usize)
            .map(|(net, value)| (net, value))
    }

    /// The number of distinct prefixes.
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, LpmTable};
    /// assert_eq!(LpmTable::<Ipv4Net, ()>::new([]).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the table holds no prefix.
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, LpmTable};
    /// assert!(LpmTable::<Ipv4Net, ()>::new([]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries sorted by (network, prefix length).
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, LpmTable, parse};
    /// let table = LpmTable::new([(parse::<Ipv4Net>("10.1.0.0/16")?, 'b'), (parse("10.0.0.0/16")?, 'a')]);
    /// let values: Vec<char> = table.iter().map(|(_, v)| *v).collect();
    /// assert_eq!(values, ['a', 'b']);
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&P, &T)> {
        self.entries.iter().map(|(net, value)| (net, value))
    }
}

impl<P: Prefix, T> FromIterator<(P, T)> for LpmTable<P, T> {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(iter: I) -> Self {
        LpmTable::new(iter)
    }
}

/// Flattens sorted, unique prefixes into disjoint segments labelled with their longest match.
fn segments<P: Prefix, T>(entries: &[(P, T)]) -> Vec<(P::Uint, u32)> {
    let mut segments: Vec<(P::Uint, u32)> = Vec::with_capacity(entries.len() * 2 + 1);
    let mut emit = |start: P::Uint, owner: u32| {
        if segments.last().is_some_and(|last| last.0 == start) {
            segments.pop();
        }
        if segments.last().is_none_or(|last| last.1 != owner) {
            segments.push((start, owner));
        }
    };
    // The next address not yet given to a segment; None once past the end of the space.
    let mut cursor: Option<P::Uint> = Some(P::Uint::ZERO);
    // Invariant: each entry contains the one above it; (last address, entry index).
    let mut open: Vec<(P::Uint, u32)> = Vec::new();
    for (idx, (net, _)) in entries.iter().enumerate() {
        let idx = u32::try_from(idx).expect("an LPM table holds fewer than 2^32 - 1 prefixes");
        let (first, last) = bounds(net);
        while let Some(&(open_last, open_idx)) = open.last() {
            if open_last >= first {
                break;
            }
            if let Some(at) = cursor
                && at <= open_last
            {
                emit(at, open_idx);
                cursor = open_last.checked_inc();
            }
            open.pop();
        }
        if let Some(at) = cursor
            && at < first
        {
            emit(at, open.last().map_or(NONE, |&(_, owner)| owner));
        }
        cursor = Some(first);
        open.push((last, idx));
    }
    while let Some((open_last, open_idx)) = open.pop() {
        if let Some(at) = cursor
            && at <= open_last
        {
            emit(at, open_idx);
            cursor = open_last.checked_inc();
        }
    }
    if let Some(at) = cursor {
        emit(at, NONE);
    }
    segments
}

/// The direct-indexed top level: for each value of the top `index_bits` address bits, the
/// segment containing the first address with those bits.
fn build_index<P: Prefix>(segments: &[(P::Uint, u32)]) -> (Vec<u32>, u32) {
    let want = usize::BITS - segments.len().leading_zeros();
    let index_bits = want.clamp(1, 16).min(u32::from(P::MAX_LEN));
    let shift = u32::from(P::MAX_LEN) - index_bits;
    let buckets = 1usize << index_bits;
    let mut index = Vec::with_capacity(buckets + 1);
    let mut segment = 0usize;
    for bucket in 0..buckets {
        let bucket_first = P::Uint::from_u128(bucket as u128).shl(shift);
        while segments
            .get(segment + 1)
            .is_some_and(|(start, _)| *start <= bucket_first)
        {
            segment += 1;
        }
        index.push(u32::try_from(segment).expect("segments are fewer than 2^32"));
    }
    index.push(
        u32::try_from(segments.len().saturating_sub(1)).expect("segments are fewer than 2^32"),
    );
    (index, shift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use ipnet::Ipv4Net;
    use std::net::Ipv4Addr;

    fn table(nets: &[&str]) -> LpmTable<Ipv4Net, usize> {
        nets.iter()
            .enumerate()
            .map(|(i, t)| (parse(t).unwrap(), i))
            .collect()
    }

    #[test]
    fn empty_table_matches_nothing() {
        let table = table(&[]);
        assert!(table.lookup(Ipv4Addr::new(1, 2, 3, 4)).is_none());
    }

    #[test]
    fn default_route_matches_everything() {
        let table = table(&["0.0.0.0/0"]);
        assert!(table.lookup(Ipv4Addr::new(0, 0, 0, 0)).is_some());
        assert!(table.lookup(Ipv4Addr::new(255, 255, 255, 255)).is_some());
    }

    #[test]
    fn nested_prefixes_resume_parent_after_child() {
        let table = table(&["10.0.0.0/8", "10.1.0.0/16", "255.255.255.255/32"]);
        let at = |a, b, c, d| table.lookup(Ipv4Addr::new(a, b, c, d)).map(|(_, v)| *v);
        assert_eq!(at(10, 0, 0, 1), Some(0));
        assert_eq!(at(10, 1, 9, 9), Some(1));
        assert_eq!(at(10, 2, 0, 0), Some(0));
        assert_eq!(at(11, 0, 0, 0), None);
        assert_eq!(at(255, 255, 255, 255), Some(2));
        assert_eq!(at(255, 255, 255, 254), None);
    }
}
