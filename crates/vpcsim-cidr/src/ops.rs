//! Set operations on prefixes: containment, overlap, splitting, aggregation, and
//! address range → minimal prefix list.
//!
//! Prefixes of one family form a laminar family: two prefixes are either disjoint or one
//! contains the other. The algorithms below lean on that: aggregation is "merge the integer
//! intervals, then cut each merged interval into the fewest aligned blocks".

use crate::error::CidrError;
use crate::prefix::{Prefix, Uint, bounds};

/// True when `outer` contains every address of `inner` (a prefix contains itself).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, contains, parse};
/// let vpc: Ipv4Net = parse("10.0.0.0/16")?;
/// assert!(contains(&vpc, &parse("10.0.2.0/24")?));
/// assert!(!contains(&vpc, &parse("10.1.0.0/24")?));
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn contains<P: Prefix>(outer: &P, inner: &P) -> bool {
    let (outer_first, outer_len) = outer.to_parts();
    let (inner_first, inner_len) = inner.to_parts();
    // Same bits above the outer length <=> same value once the outer host bits are all set.
    let host = P::Uint::host_mask(outer_len);
    outer_len <= inner_len && inner_first.or(host) == outer_first.or(host)
}

/// True when the two prefixes share at least one address (for prefixes: one contains the other).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, overlaps, parse};
/// let a: Ipv4Net = parse("10.0.0.0/23")?;
/// assert!(overlaps(&a, &parse("10.0.1.0/24")?));
/// assert!(!overlaps(&a, &parse("10.0.2.0/24")?));
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn overlaps<P: Prefix>(a: &P, b: &P) -> bool {
    contains(a, b) || contains(b, a)
}

/// An iterator over the equal sub-prefixes of a prefix, in address order; see [`split`].
#[derive(Debug, Clone)]
pub struct Split<P: Prefix> {
    // Invariant: `next` is aligned to `new_len` and `next <= last` while `Some`.
    next: Option<P::Uint>,
    last: P::Uint,
    new_len: u8,
    total: Option<u128>,
}

impl<P: Prefix> Split<P> {
    /// The number of sub-prefixes in total, or `None` when it does not fit in a `u128`
    /// (only `::/0` split into `/128`s).
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, parse, split};
    /// let parts = split(&parse::<Ipv4Net>("10.0.0.0/16")?, 24)?;
    /// assert_eq!(parts.total(), Some(256));
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    pub fn total(&self) -> Option<u128> {
        self.total
    }

    /// The length of every sub-prefix.
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, parse, split_parts};
    /// assert_eq!(split_parts(&parse::<Ipv4Net>("10.0.0.0/16")?, 4)?.new_len(), 18);
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    pub fn new_len(&self) -> u8 {
        self.new_len
    }
}

impl<P: Prefix> Iterator for Split<P> {
    type Item = P;

    fn next(&mut self) -> Option<P> {
        let current = self.next?;
        let block_last = current.or(P::Uint::host_mask(self.new_len));
        self.next = if block_last >= self.last {
            None
        } else {
            block_last.checked_inc()
        };
        Some(P::from_parts(current, self.new_len))
    }
}

/// Splits `net` into all its sub-prefixes of length `new_len`, in address order.
///
/// `new_len` must be from `net`'s own length (giving `net` itself) to the family maximum.
/// The iterator is lazy, so splitting a /8 into /32s costs nothing until consumed.
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse, split};
/// let subnets: Vec<String> = split(&parse::<Ipv4Net>("10.0.0.0/22")?, 24)?
///     .map(|net| net.to_string())
///     .collect();
/// assert_eq!(subnets, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn split<P: Prefix>(net: &P, new_len: u8) -> Result<Split<P>, CidrError> {
    let (first, last) = bounds(net);
    let len = net.to_parts().1;
    if new_len < len || new_len > P::MAX_LEN {
        return Err(CidrError::SplitLength {
            cidr: net.canonical().to_string(),
            new_len,
            min: len,
            max: P::MAX_LEN,
        });
    }
    let total = 1u128.checked_shl(u32::from(new_len - len));
    Ok(Split {
        next: Some(first),
        last,
        new_len,
        total,
    })
}

/// Splits `net` into `parts` equal sub-prefixes; `parts` must be a power of two (1, 2, 4, …)
/// because only those divide a prefix into equal prefixes.
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse, split_parts};
/// let halves: Vec<String> = split_parts(&parse::<Ipv4Net>("10.0.0.0/16")?, 2)?
///     .map(|net| net.to_string())
///     .collect();
/// assert_eq!(halves, ["10.0.0.0/17", "10.0.128.0/17"]);
/// let err = split_parts(&parse::<Ipv4Net>("10.0.0.0/16")?, 3).unwrap_err();
/// assert!(err.to_string().contains("power of two"));
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn split_parts<P: Prefix>(net: &P, parts: u128) -> Result<Split<P>, CidrError> {
    let canonical = net.canonical();
    let len = canonical.to_parts().1;
    if !parts.is_power_of_two() {
        let reason = match parts.checked_next_power_of_two() {
            Some(0) | None => "the number of parts must be a power of two".to_owned(),
            Some(_) if parts == 0 => "the number of parts must be at least 1".to_owned(),
            Some(up) => format!(
                "the number of parts must be a power of two (try {} or {up})",
                up / 2
            ),
        };
        return Err(CidrError::SplitParts {
            cidr: canonical.to_string(),
            parts,
            reason,
        });
    }
    let extra_bits = parts.trailing_zeros();
    let available = u32::from(P::MAX_LEN - len);
    if extra_bits > available {
        return Err(CidrError::SplitParts {
            cidr: canonical.to_string(),
            parts,
            reason: format!(
                "a /{len} holds at most 2^{available} prefixes (down to /{})",
                P::MAX_LEN
            ),
        });
    }
    // `extra_bits <= available <= 128 - len`, so the sum fits in a u8.
    split(&canonical, len + extra_bits as u8)
}

/// The fewest prefixes covering exactly the inclusive range `first..=last`, in address order.
///
/// This is the de-aggregation asked of ipcalc: `10.0.0.5-10.0.0.9` is `10.0.0.5/32`,
/// `10.0.0.6/31`, `10.0.0.8/31`.
///
/// ```
/// use std::net::Ipv4Addr;
/// use vpcsim_cidr::{Ipv4Net, range_to_cidrs};
/// let nets: Vec<String> = range_to_cidrs::<Ipv4Net>(
///     Ipv4Addr::new(10, 0, 0, 5),
///     Ipv4Addr::new(10, 0, 0, 9),
/// )?
/// .iter()
/// .map(|net| net.to_string())
/// .collect();
/// assert_eq!(nets, ["10.0.0.5/32", "10.0.0.6/31", "10.0.0.8/31"]);
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn range_to_cidrs<P: Prefix>(first: P::Addr, last: P::Addr) -> Result<Vec<P>, CidrError> {
    if first > last {
        return Err(CidrError::ReversedRange {
            text: format!("{first}-{last}"),
        });
    }
    let mut out = Vec::new();
    push_range::<P>(P::addr_to_uint(first), P::addr_to_uint(last), &mut out);
    Ok(out)
}

/// Appends the fewest aligned blocks covering `first..=last` (`first <= last`).
fn push_range<P: Prefix>(mut first: P::Uint, last: P::Uint, out: &mut Vec<P>) {
    let bits = u32::from(P::MAX_LEN);
    loop {
        // The largest block that starts at `first` (alignment) …
        let align = first.trailing_zeros().min(bits);
        // … and does not run past `last`: 2^k - 1 <= last - first.
        let span = last.wrapping_sub(first);
        let fit = match span.checked_inc() {
            None => bits,
            Some(count) => bits - 1 - count.leading_zeros(),
        };
        let host_bits = align.min(fit);
        // host_bits <= bits <= 128
        let len = (bits - host_bits) as u8;
        out.push(P::from_parts(first, len));
        let block_last = first.or(P::Uint::host_mask(len));
        if block_last >= last {
            return;
        }
        match block_last.checked_inc() {
            Some(next) => first = next,
            None => return,
        }
    }
}

/// Collapses a list into the fewest prefixes covering exactly the same addresses, sorted.
///
/// Duplicates and contained prefixes disappear; adjacent aligned halves merge
/// (`10.0.0.0/24` + `10.0.1.0/24` → `10.0.0.0/23`). O(N log N).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, aggregate, parse};
/// let nets: Vec<Ipv4Net> = ["10.0.1.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.3.0/24"]
///     .iter()
///     .map(|text| parse(text))
///     .collect::<Result<_, _>>()?;
/// let merged: Vec<String> = aggregate(&nets).iter().map(|net| net.to_string()).collect();
/// assert_eq!(merged, ["10.0.0.0/23", "10.0.3.0/24"]);
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn aggregate<P: Prefix>(nets: &[P]) -> Vec<P> {
    let mut out = Vec::new();
    if P::MAX_LEN == 32 {
        // IPv4: each interval packed into one u64 (first, last), so the sort is the standard
        // library's integer sort on 8-byte keys, measured faster than sorting `(u32, u32)`
        // pairs or an LSD radix sort on the benchmark's million prefixes.
        let mut keys: Vec<u64> = nets.iter().map(|net| pack_v4(bounds(net))).collect();
        keys.sort_unstable();
        merge_runs::<P>(keys.into_iter().map(unpack_v4::<P>), &mut out);
    } else {
        let mut intervals: Vec<(P::Uint, P::Uint)> = nets.iter().map(bounds).collect();
        intervals.sort_unstable();
        merge_runs::<P>(intervals.into_iter(), &mut out);
    }
    out
}

/// Packs a 32-bit interval into one sortable `u64`.
#[inline]
fn pack_v4<U: Uint>((first, last): (U, U)) -> u64 {
    (first.to_u128() as u64) << 32 | last.to_u128() as u64
}

/// The inverse of [`pack_v4`].
#[inline]
fn unpack_v4<P: Prefix>(key: u64) -> (P::Uint, P::Uint) {
    (
        P::Uint::from_u128(u128::from(key >> 32)),
        P::Uint::from_u128(u128::from(key & 0xffff_ffff)),
    )
}

/// Merges intervals sorted by first address into maximal runs and cuts each into prefixes.
fn merge_runs<P: Prefix>(mut sorted: impl Iterator<Item = (P::Uint, P::Uint)>, out: &mut Vec<P>) {
    let Some((mut run_first, mut run_last)) = sorted.next() else {
        return;
    };
    for (first, last) in sorted {
        // Merge when overlapping or adjacent (first <= run_last + 1).
        let touches = match run_last.checked_inc() {
            None => true,
            Some(after) => first <= after,
        };
        if touches {
            run_last = run_last.max(last);
        } else {
            push_range::<P>(run_first, run_last, out);
            run_first = first;
            run_last = last;
        }
    }
    push_range::<P>(run_first, run_last, out);
}

/// The prefixes as `(first, last)` integer intervals sorted by `(first, last)`.
pub(crate) fn sorted_intervals<P: Prefix>(nets: &[P]) -> Vec<(P::Uint, P::Uint)> {
    if P::MAX_LEN == 32 {
        let mut keys: Vec<u64> = nets.iter().map(|net| pack_v4(bounds(net))).collect();
        keys.sort_unstable();
        keys.into_iter().map(unpack_v4::<P>).collect()
    } else {
        let mut intervals: Vec<(P::Uint, P::Uint)> = nets.iter().map(bounds).collect();
        intervals.sort_unstable();
        intervals
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;
    use ipnet::{Ipv4Net, Ipv6Net};

    fn v4(text: &str) -> Ipv4Net {
        parse(text).unwrap()
    }

    fn strings<P: Prefix>(nets: impl IntoIterator<Item = P>) -> Vec<String> {
        nets.into_iter().map(|net| net.to_string()).collect()
    }

    #[test]
    fn containment_is_reflexive_and_directional() {
        assert!(contains(&v4("10.0.0.0/16"), &v4("10.0.0.0/16")));
        assert!(contains(&v4("0.0.0.0/0"), &v4("255.255.255.255/32")));
        assert!(!contains(&v4("10.0.2.0/24"), &v4("10.0.0.0/16")));
    }

    #[test]
    fn split_into_same_length_yields_itself() {
        assert_eq!(
            strings(split(&v4("10.0.0.0/24"), 24).unwrap()),
            ["10.0.0.0/24"]
        );
    }

    #[test]
    fn split_rejects_shorter_or_too_long() {
        assert!(split(&v4("10.0.0.0/24"), 23).is_err());
        assert!(split(&v4("10.0.0.0/24"), 33).is_err());
    }

    #[test]
    fn split_top_of_address_space_terminates() {
        assert_eq!(
            strings(split(&v4("255.255.255.252/30"), 31).unwrap()),
            ["255.255.255.252/31", "255.255.255.254/31"]
        );
        let all: Ipv6Net = parse("::/0").unwrap();
        assert_eq!(split(&all, 128).unwrap().total(), None);
    }

    #[test]
    fn split_parts_suggests_powers_of_two() {
        let err = split_parts(&v4("10.0.0.0/16"), 6).unwrap_err();
        assert!(err.to_string().contains("try 4 or 8"), "{err}");
        assert!(split_parts(&v4("10.0.0.0/16"), 0).is_err());
        assert!(split_parts(&v4("10.0.0.0/31"), 4).is_err());
    }

    #[test]
    fn whole_space_range_is_one_prefix() {
        let nets = range_to_cidrs::<Ipv4Net>(0.into(), u32::MAX.into()).unwrap();
        assert_eq!(strings(nets), ["0.0.0.0/0"]);
        let nets = range_to_cidrs::<Ipv6Net>(0.into(), u128::MAX.into()).unwrap();
        assert_eq!(strings(nets), ["::/0"]);
    }

    #[test]
    fn aggregate_merges_up_to_the_whole_space() {
        assert_eq!(
            strings(aggregate(&[v4("0.0.0.0/1"), v4("128.0.0.0/1")])),
            ["0.0.0.0/0"]
        );
        assert!(aggregate::<Ipv4Net>(&[]).is_empty());
    }

    #[test]
    fn aggregate_reads_host_bits_as_network() {
        let sloppy: Ipv4Net = "10.0.0.7/24".parse().unwrap();
        assert_eq!(strings(aggregate(&[sloppy])), ["10.0.0.0/24"]);
    }
}
