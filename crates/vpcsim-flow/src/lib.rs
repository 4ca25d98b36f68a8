//! Exact sets of packet headers for symbolic analysis: protocol × source address × destination
//! port, over both address families.
//!
//! Reachability Analyzer answers one port at a time; vpcsim answers for every header at once by
//! pushing a [`FlowSet`] through the same filters the concrete engine uses. A set is a union of
//! pairwise-disjoint axis-aligned boxes over three integer dimensions. Boxes fit the data: a
//! security-group rule, a NACL entry and a route's prefix are each one box, and the sets vpcsim
//! meets are unions of few of them, so box lists stay small where a BDD would pay a per-bit cost
//! on 32-bit addresses. Every operation is exact; `normalize` gives a canonical, minimal-looking
//! printable form.
//!
//! The source dimension is 128 bits wide and holds both families (docs/semantics.md §16): an
//! IPv6 address is its own value, an IPv4 address sits at its IPv4-mapped place
//! `::ffff:a.b.c.d` ([`v4_key`]). IPv4 sources therefore sort before global IPv6 ones, one set
//! can hold both, and [`FlowSet::v4_part`] / [`FlowSet::v6_part`] split it by family.
#![deny(missing_docs)]

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Number of dimensions: protocol, source address, destination port.
const DIMS: usize = 3;
const PROTO: usize = 0;
const SRC: usize = 1;
const PORT: usize = 2;

/// Where IPv4 addresses sit in the source dimension: `::ffff:0:0/96`.
pub const V4_BASE: u128 = 0xffff << 32;
/// The last IPv4 source key (`::ffff:255.255.255.255`).
pub const V4_LAST: u128 = V4_BASE + u32::MAX as u128;

/// The source key of an IPv4 address (as an integer).
pub const fn v4_key(address: u32) -> u128 {
    V4_BASE + address as u128
}

/// The source key of an address of either family.
pub fn ip_key(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => v4_key(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The address a source key stands for: IPv4 inside the mapped range, else IPv6.
pub fn key_ip(key: u128) -> IpAddr {
    if (V4_BASE..=V4_LAST).contains(&key) {
        IpAddr::V4(Ipv4Addr::from((key - V4_BASE) as u32))
    } else {
        IpAddr::V6(Ipv6Addr::from(key))
    }
}

/// An axis-aligned box of headers: inclusive ranges per dimension. Stored compactly (48 bytes:
/// the 128-bit source bounds, then protocol and port bounds in 32 bits each); [`FlowBox::lo`]
/// and [`FlowBox::hi`] read any dimension as `u128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowBox {
    src: [u128; 2],
    // [protocol lo, protocol hi, port lo, port hi]
    narrow: [u32; 4],
}

impl Ord for FlowBox {
    /// By every dimension's lower bound (protocol, source, port), then the upper bounds: the
    /// order boxes print in.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |b: &FlowBox| {
            (
                b.narrow[0],
                b.src[0],
                b.narrow[2],
                b.narrow[1],
                b.src[1],
                b.narrow[3],
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for FlowBox {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl FlowBox {
    /// Every header.
    pub const ALL: FlowBox = FlowBox {
        src: [0, u128::MAX],
        narrow: [0, 255, 0, 65535],
    };

    /// The lower bound of dimension `d`.
    #[inline]
    fn lo(&self, d: usize) -> u128 {
        match d {
            SRC => self.src[0],
            PROTO => u128::from(self.narrow[0]),
            _ => u128::from(self.narrow[2]),
        }
    }

    /// The upper bound of dimension `d`.
    #[inline]
    fn hi(&self, d: usize) -> u128 {
        match d {
            SRC => self.src[1],
            PROTO => u128::from(self.narrow[1]),
            _ => u128::from(self.narrow[3]),
        }
    }

    #[inline]
    fn set_lo(&mut self, d: usize, v: u128) {
        match d {
            SRC => self.src[0] = v,
            PROTO => self.narrow[0] = narrow_u32(v),
            _ => self.narrow[2] = narrow_u32(v),
        }
    }

    #[inline]
    fn set_hi(&mut self, d: usize, v: u128) {
        match d {
            SRC => self.src[1] = v,
            PROTO => self.narrow[1] = narrow_u32(v),
            _ => self.narrow[3] = narrow_u32(v),
        }
    }

    fn from_bounds(lo: [u128; DIMS], hi: [u128; DIMS]) -> FlowBox {
        FlowBox {
            src: [lo[SRC], hi[SRC]],
            narrow: [
                narrow_u32(lo[PROTO]),
                narrow_u32(hi[PROTO]),
                narrow_u32(lo[PORT]),
                narrow_u32(hi[PORT]),
            ],
        }
    }

    /// A box of IPv4 sources from inclusive ranges; `None` if a range is empty.
    ///
    /// ```
    /// use vpcsim_flow::FlowBox;
    /// let b = FlowBox::new((6, 6), (0, u32::MAX), (22, 22)).unwrap();
    /// assert!(b.contains(6, 0x0a000001, 22));
    /// assert!(FlowBox::new((6, 6), (1, 0), (22, 22)).is_none());
    /// ```
    pub fn new(proto: (u8, u8), src: (u32, u32), port: (u16, u16)) -> Option<FlowBox> {
        FlowBox::with_keys(proto, (v4_key(src.0), v4_key(src.1)), port)
    }

    /// A box over source keys ([`v4_key`], [`ip_key`]): IPv6 sources are their own value.
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, ip_key};
    /// let any = ip_key("2000::".parse().unwrap());
    /// let end = ip_key("3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap());
    /// let b = FlowBox::with_keys((6, 6), (any, end), (22, 22)).unwrap();
    /// assert!(b.contains_key(6, ip_key("2600:1f18::1".parse().unwrap()), 22));
    /// ```
    pub fn with_keys(proto: (u8, u8), src: (u128, u128), port: (u16, u16)) -> Option<FlowBox> {
        let lo = [u128::from(proto.0), src.0, u128::from(port.0)];
        let hi = [u128::from(proto.1), src.1, u128::from(port.1)];
        (0..DIMS)
            .all(|d| lo[d] <= hi[d])
            .then(|| FlowBox::from_bounds(lo, hi))
    }

    /// Protocol range.
    pub fn proto(&self) -> (u8, u8) {
        (narrow_u8(self.lo(PROTO)), narrow_u8(self.hi(PROTO)))
    }

    /// Source address range: the first and last address (of one family when the box lies in
    /// one; see [`FlowBox::is_v4`]).
    pub fn src(&self) -> (IpAddr, IpAddr) {
        (key_ip(self.src[0]), key_ip(self.src[1]))
    }

    /// Source key range.
    pub fn src_keys(&self) -> (u128, u128) {
        (self.src[0], self.src[1])
    }

    /// Whether every source of the box is IPv4.
    pub fn is_v4(&self) -> bool {
        V4_BASE <= self.src[0] && self.src[1] <= V4_LAST
    }

    /// The same box with another source key range.
    pub fn with_src_keys(&self, lo: u128, hi: u128) -> Option<FlowBox> {
        (lo <= hi).then_some(FlowBox {
            src: [lo, hi],
            narrow: self.narrow,
        })
    }

    /// Destination port range.
    pub fn port(&self) -> (u16, u16) {
        (narrow_u16(self.lo(PORT)), narrow_u16(self.hi(PORT)))
    }

    /// Whether one header with an IPv4 source is inside.
    pub fn contains(&self, proto: u8, src: u32, port: u16) -> bool {
        self.contains_key(proto, v4_key(src), port)
    }

    /// Whether one header with this source key is inside.
    pub fn contains_key(&self, proto: u8, src: u128, port: u16) -> bool {
        let point = [u128::from(proto), src, u128::from(port)];
        (0..DIMS).all(|d| self.lo(d) <= point[d] && point[d] <= self.hi(d))
    }

    fn intersect(&self, other: &FlowBox) -> Option<FlowBox> {
        let src = [self.src[0].max(other.src[0]), self.src[1].min(other.src[1])];
        if src[0] > src[1] {
            return None;
        }
        let narrow = [
            self.narrow[0].max(other.narrow[0]),
            self.narrow[1].min(other.narrow[1]),
            self.narrow[2].max(other.narrow[2]),
            self.narrow[3].min(other.narrow[3]),
        ];
        if narrow[0] > narrow[1] || narrow[2] > narrow[3] {
            return None;
        }
        Some(FlowBox { src, narrow })
    }

    /// `self − other` as at most 2·DIMS disjoint boxes, appended to `out`.
    fn subtract_into(&self, other: &FlowBox, out: &mut Vec<FlowBox>) {
        let Some(cut) = self.intersect(other) else {
            out.push(*self);
            return;
        };
        // Peel slabs off one dimension at a time; what remains shrinks towards `cut`.
        let mut rest = *self;
        for d in 0..DIMS {
            if rest.lo(d) < cut.lo(d) {
                let mut slab = rest;
                slab.set_hi(d, cut.lo(d) - 1);
                out.push(slab);
                rest.set_lo(d, cut.lo(d));
            }
            if rest.hi(d) > cut.hi(d) {
                let mut slab = rest;
                slab.set_lo(d, cut.hi(d) + 1);
                out.push(slab);
                rest.set_hi(d, cut.hi(d));
            }
        }
    }

    /// Number of headers in the box (saturating: IPv6 source ranges exceed `u128`).
    fn volume(&self) -> u128 {
        (0..DIMS)
            .map(|d| (self.hi(d) - self.lo(d)).saturating_add(1))
            .fold(1u128, u128::saturating_mul)
    }
}

fn narrow_u8(v: u128) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

fn narrow_u16(v: u128) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

fn narrow_u32(v: u128) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A set of headers: a union of pairwise-disjoint boxes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FlowSet {
    // Invariant: boxes are pairwise disjoint.
    boxes: Vec<FlowBox>,
}

impl FlowSet {
    /// The empty set.
    pub fn empty() -> FlowSet {
        FlowSet { boxes: Vec::new() }
    }

    /// Every header.
    ///
    /// ```
    /// use vpcsim_flow::FlowSet;
    /// assert!(FlowSet::all().contains(17, 0, 53));
    /// ```
    pub fn all() -> FlowSet {
        FlowSet::from_box(FlowBox::ALL)
    }

    /// A set of one box.
    pub fn from_box(flow_box: FlowBox) -> FlowSet {
        FlowSet {
            boxes: vec![flow_box],
        }
    }

    /// The set of one header with an IPv4 source.
    pub fn point(proto: u8, src: u32, port: u16) -> FlowSet {
        let point = [u128::from(proto), v4_key(src), u128::from(port)];
        FlowSet::from_box(FlowBox::from_bounds(point, point))
    }

    /// The part of the set with IPv4 sources.
    pub fn v4_part(&self) -> FlowSet {
        let mut filter = FlowBox::ALL;
        filter.src = [V4_BASE, V4_LAST];
        self.intersect(&FlowSet::from_box(filter))
    }

    /// The part of the set with sources outside IPv4 (IPv6).
    pub fn v6_part(&self) -> FlowSet {
        let mut filter = FlowBox::ALL;
        filter.src = [V4_BASE, V4_LAST];
        self.difference(&FlowSet::from_box(filter))
    }

    /// The boxes (pairwise disjoint; call [`FlowSet::normalize`] for a canonical form).
    pub fn boxes(&self) -> &[FlowBox] {
        &self.boxes
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// use vpcsim_flow::FlowSet;
    /// assert!(FlowSet::empty().is_empty());
    /// assert!(!FlowSet::all().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.boxes.is_empty()
    }

    /// Whether one header with an IPv4 source is in the set.
    pub fn contains(&self, proto: u8, src: u32, port: u16) -> bool {
        self.boxes.iter().any(|b| b.contains(proto, src, port))
    }

    /// Whether one header with this source key is in the set.
    pub fn contains_key(&self, proto: u8, src: u128, port: u16) -> bool {
        self.boxes.iter().any(|b| b.contains_key(proto, src, port))
    }

    /// Number of headers in the set (exact for IPv4 sources, boxes are disjoint; saturating
    /// once IPv6 ranges make it exceed `u128`).
    pub fn volume(&self) -> u128 {
        self.boxes
            .iter()
            .map(FlowBox::volume)
            .fold(0u128, u128::saturating_add)
    }

    /// `self ∩ other`.
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, FlowSet};
    /// let ssh = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (22, 22)).unwrap());
    /// let web = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (80, 443)).unwrap());
    /// assert!(ssh.intersect(&web).is_empty());
    /// ```
    pub fn intersect(&self, other: &FlowSet) -> FlowSet {
        let mut boxes = Vec::new();
        for a in &self.boxes {
            for b in &other.boxes {
                if let Some(c) = a.intersect(b) {
                    boxes.push(c);
                }
            }
        }
        FlowSet { boxes }
    }

    /// Whether `self ∩ other` is non-empty, stopping at the first shared header (no set is
    /// built).
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, FlowSet};
    /// let ssh = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (22, 22)).unwrap());
    /// assert!(ssh.intersects(&FlowSet::all()) && !ssh.intersects(&FlowSet::empty()));
    /// ```
    pub fn intersects(&self, other: &FlowSet) -> bool {
        self.boxes
            .iter()
            .any(|a| other.boxes.iter().any(|b| a.intersect(b).is_some()))
    }

    /// `self − other`.
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, FlowSet};
    /// let tcp = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (0, 65535)).unwrap());
    /// let ssh = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (22, 22)).unwrap());
    /// let rest = tcp.difference(&ssh);
    /// assert!(!rest.contains(6, 1, 22) && rest.contains(6, 1, 23));
    /// ```
    pub fn difference(&self, other: &FlowSet) -> FlowSet {
        let mut current = self.boxes.clone();
        let mut next = Vec::new();
        for cut in &other.boxes {
            next.clear();
            for b in &current {
                b.subtract_into(cut, &mut next);
            }
            std::mem::swap(&mut current, &mut next);
            if current.is_empty() {
                break;
            }
        }
        FlowSet { boxes: current }
    }

    /// `self ∪ other`.
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, FlowSet};
    /// let a = FlowSet::from_box(FlowBox::new((6, 6), (0, 9), (80, 80)).unwrap());
    /// let b = FlowSet::from_box(FlowBox::new((6, 6), (5, 20), (80, 80)).unwrap());
    /// assert_eq!(a.union(&b).volume(), 21);
    /// ```
    pub fn union(&self, other: &FlowSet) -> FlowSet {
        let mut boxes = self.boxes.clone();
        boxes.extend(other.difference(self).boxes);
        FlowSet { boxes }
    }

    /// Adds boxes known to be disjoint from the set and from each other (the cells of a
    /// partition): no subtraction needed. Disjointness is checked in debug builds.
    pub fn extend_disjoint(&mut self, boxes: impl IntoIterator<Item = FlowBox>) {
        for flow_box in boxes {
            debug_assert!(
                self.boxes.iter().all(|b| b.intersect(&flow_box).is_none()),
                "extend_disjoint got an overlapping box"
            );
            self.boxes.push(flow_box);
        }
    }

    /// Adds `other` in place.
    pub fn union_with(&mut self, other: &FlowSet) {
        let added = other.difference(self);
        self.boxes.extend(added.boxes);
    }

    /// Whether `self ⊆ other`.
    pub fn is_subset(&self, other: &FlowSet) -> bool {
        self.difference(other).is_empty()
    }

    /// Canonical form: boxes merged where they abut and agree on the other dimensions, then
    /// sorted. Equal sets built the same way print the same; the merge is greedy, so the box
    /// count is small but not guaranteed minimal.
    ///
    /// ```
    /// use vpcsim_flow::{FlowBox, FlowSet};
    /// let a = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (8081, 8081)).unwrap());
    /// let b = FlowSet::from_box(FlowBox::new((6, 6), (0, u32::MAX), (8082, 8082)).unwrap());
    /// assert_eq!(a.union(&b).normalize().boxes().len(), 1);
    /// ```
    #[must_use]
    pub fn normalize(mut self) -> FlowSet {
        // Merge on the last dimensions first so ports coalesce before sources, then protocols.
        for dim in [PORT, SRC, PROTO, PORT, SRC] {
            merge_along(&mut self.boxes, dim);
        }
        self.boxes.sort();
        self
    }

    /// Restricts the set to the protocols in `proto` (inclusive).
    pub fn with_protocols(&self, proto: (u8, u8)) -> FlowSet {
        let mut filter = FlowBox::ALL;
        filter.narrow[0] = u32::from(proto.0);
        filter.narrow[1] = u32::from(proto.1);
        self.intersect(&FlowSet::from_box(filter))
    }
}

/// Merges boxes that are adjacent along `dim` and equal on every other dimension.
fn merge_along(boxes: &mut Vec<FlowBox>, dim: usize) {
    if boxes.len() < 2 {
        return;
    }
    // The other dimensions' bounds, then this one's start: a fixed-size key (no allocation
    // per comparison; normalize runs on every piece of every exposure entry).
    let key = |x: &FlowBox| {
        let mut k = [0u128; 2 * DIMS - 1];
        let mut i = 0;
        for d in 0..DIMS {
            if d != dim {
                k[i] = x.lo(d);
                k[i + 1] = x.hi(d);
                i += 2;
            }
        }
        k[i] = x.lo(dim);
        k
    };
    boxes.sort_unstable_by_key(key);
    let mut merged: Vec<FlowBox> = Vec::with_capacity(boxes.len());
    for b in boxes.drain(..) {
        if let Some(last) = merged.last_mut() {
            let same_elsewhere =
                (0..DIMS).all(|d| d == dim || (last.lo(d) == b.lo(d) && last.hi(d) == b.hi(d)));
            if same_elsewhere && last.hi(dim) != u128::MAX && last.hi(dim) + 1 == b.lo(dim) {
                last.set_hi(dim, b.hi(dim));
                continue;
            }
        }
        merged.push(b);
    }
    *boxes = merged;
}

/// Protocol names for printing.
fn proto_name(lo: u8, hi: u8) -> String {
    let one = |p: u8| match p {
        6 => "tcp".to_owned(),
        17 => "udp".to_owned(),
        1 => "icmp".to_owned(),
        58 => "icmpv6".to_owned(),
        other => format!("proto {other}"),
    };
    if lo == 0 && hi == 255 {
        "all".to_owned()
    } else if lo == hi {
        one(lo)
    } else {
        format!("proto {lo}-{hi}")
    }
}

impl fmt::Display for FlowBox {
    /// `tcp 8081-8082 from 10.0.0.0/24`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (plo, phi) = self.proto();
        write!(f, "{}", proto_name(plo, phi))?;
        let (port_lo, port_hi) = self.port();
        let has_ports = plo == phi && (plo == 6 || plo == 17);
        if has_ports {
            if port_lo == 0 && port_hi == 65535 {
                write!(f, " all ports")?;
            } else if port_lo == port_hi {
                write!(f, " {port_lo}")?;
            } else {
                write!(f, " {port_lo}-{port_hi}")?;
            }
        }
        let (lo, hi) = self.src_keys();
        if (lo, hi) == (0, u128::MAX) || (lo, hi) == (V4_BASE, V4_LAST) {
            return write!(f, " from anywhere");
        }
        // One family per part: the IPv4-mapped range, then IPv6 below and above it.
        let mut parts: Vec<String> = Vec::new();
        if lo < V4_BASE {
            parts.push(v6_sources(lo, hi.min(V4_BASE - 1)));
        }
        if lo <= V4_LAST && hi >= V4_BASE {
            let first = (lo.max(V4_BASE) - V4_BASE) as u32;
            let last = (hi.min(V4_LAST) - V4_BASE) as u32;
            let (first, last) = (Ipv4Addr::from(first), Ipv4Addr::from(last));
            let cidrs: Vec<ipnet::Ipv4Net> =
                vpcsim_cidr::range_to_cidrs(first, last).unwrap_or_default();
            parts.push(shown_cidrs(&cidrs, &format!("{first}-{last}")));
        }
        if hi > V4_LAST {
            parts.push(v6_sources(lo.max(V4_LAST + 1), hi));
        }
        write!(f, " from {}", parts.join(", "))
    }
}

fn v6_sources(lo: u128, hi: u128) -> String {
    let (first, last) = (Ipv6Addr::from(lo), Ipv6Addr::from(hi));
    let cidrs: Vec<ipnet::Ipv6Net> = vpcsim_cidr::range_to_cidrs(first, last).unwrap_or_default();
    shown_cidrs(&cidrs, &format!("{first}-{last}"))
}

/// The first four CIDRs of a range, and how many more there are.
fn shown_cidrs<N: fmt::Display>(cidrs: &[N], range: &str) -> String {
    let shown: Vec<String> = cidrs.iter().take(4).map(ToString::to_string).collect();
    let mut text = shown.join(", ");
    if cidrs.len() > 4 {
        text.push_str(&format!(" (+{} more, {range})", cidrs.len() - 4));
    }
    text
}

impl fmt::Display for FlowSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.boxes.is_empty() {
            return f.write_str("nothing");
        }
        let normalized = self.clone().normalize();
        for (i, b) in normalized.boxes.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{b}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small universe: protocols 0..4, sources 0..8, ports 0..8 (brute force is 256 points).
    fn small_box() -> impl Strategy<Value = FlowBox> {
        (0u8..4, 0u8..4, 0u32..8, 0u32..8, 0u16..8, 0u16..8).prop_map(|(p1, p2, s1, s2, q1, q2)| {
            FlowBox::new(
                (p1.min(p2), p1.max(p2)),
                (s1.min(s2), s1.max(s2)),
                (q1.min(q2), q1.max(q2)),
            )
            .expect("ordered ranges")
        })
    }

    fn small_set() -> impl Strategy<Value = FlowSet> {
        proptest::collection::vec(small_box(), 0..5).prop_map(|boxes| {
            boxes
                .into_iter()
                .fold(FlowSet::empty(), |acc, b| acc.union(&FlowSet::from_box(b)))
        })
    }

    fn points(set: &FlowSet) -> Vec<(u8, u32, u16)> {
        let mut out = Vec::new();
        for p in 0u8..4 {
            for s in 0u32..8 {
                for q in 0u16..8 {
                    if set.contains(p, s, q) {
                        out.push((p, s, q));
                    }
                }
            }
        }
        out
    }

    fn disjoint(set: &FlowSet) -> bool {
        let b = set.boxes();
        (0..b.len()).all(|i| (i + 1..b.len()).all(|j| b[i].intersect(&b[j]).is_none()))
    }

    proptest! {
        #[test]
        fn union_matches_brute_force(a in small_set(), b in small_set()) {
            let u = a.union(&b);
            prop_assert!(disjoint(&u));
            let mut want = points(&a);
            want.extend(points(&b));
            want.sort_unstable();
            want.dedup();
            prop_assert_eq!(points(&u), want);
            prop_assert_eq!(u.volume(), points(&u).len() as u128);
        }

        #[test]
        fn intersection_matches_brute_force(a in small_set(), b in small_set()) {
            let i = a.intersect(&b);
            prop_assert!(disjoint(&i));
            let pb = points(&b);
            let want: Vec<_> = points(&a).into_iter().filter(|p| pb.contains(p)).collect();
            prop_assert_eq!(points(&i), want);
        }

        #[test]
        fn difference_matches_brute_force(a in small_set(), b in small_set()) {
            let d = a.difference(&b);
            prop_assert!(disjoint(&d));
            let pb = points(&b);
            let want: Vec<_> = points(&a).into_iter().filter(|p| !pb.contains(p)).collect();
            prop_assert_eq!(points(&d), want);
        }

        #[test]
        fn normalize_keeps_the_set(a in small_set()) {
            let n = a.clone().normalize();
            prop_assert!(disjoint(&n));
            prop_assert_eq!(points(&n), points(&a));
            prop_assert!(n.boxes().len() <= a.boxes().len().max(1));
        }

        #[test]
        fn set_laws(a in small_set(), b in small_set(), c in small_set()) {
            // De Morgan-style identity and distributivity, checked pointwise.
            let lhs = a.intersect(&b.union(&c));
            let rhs = a.intersect(&b).union(&a.intersect(&c));
            prop_assert_eq!(points(&lhs), points(&rhs));
            prop_assert!(a.difference(&b).intersect(&b).is_empty());
            prop_assert!(a.intersect(&b).is_subset(&a));
        }
    }

    /// A small universe straddling the families: the last IPv4 keys and the first keys after
    /// them (IPv6), so boxes cross the boundary and the family split is exercised.
    fn dual_box() -> impl Strategy<Value = FlowBox> {
        (0u8..3, 0u8..3, 0u128..8, 0u128..8, 0u16..4, 0u16..4).prop_map(
            |(p1, p2, s1, s2, q1, q2)| {
                let base = V4_LAST - 3;
                FlowBox::with_keys(
                    (p1.min(p2), p1.max(p2)),
                    (base + s1.min(s2), base + s1.max(s2)),
                    (q1.min(q2), q1.max(q2)),
                )
                .expect("ordered ranges")
            },
        )
    }

    fn dual_set() -> impl Strategy<Value = FlowSet> {
        proptest::collection::vec(dual_box(), 0..5).prop_map(|boxes| {
            boxes
                .into_iter()
                .fold(FlowSet::empty(), |acc, b| acc.union(&FlowSet::from_box(b)))
        })
    }

    fn dual_points(set: &FlowSet) -> Vec<(u8, u128, u16)> {
        let mut out = Vec::new();
        for p in 0u8..3 {
            for s in 0u128..8 {
                for q in 0u16..4 {
                    let key = V4_LAST - 3 + s;
                    if set.contains_key(p, key, q) {
                        out.push((p, key, q));
                    }
                }
            }
        }
        out
    }

    proptest! {
        #[test]
        fn dual_stack_algebra_matches_brute_force(a in dual_set(), b in dual_set()) {
            let pb = dual_points(&b);
            let inter: Vec<_> = dual_points(&a).into_iter().filter(|p| pb.contains(p)).collect();
            prop_assert_eq!(dual_points(&a.intersect(&b)), inter);
            let diff: Vec<_> = dual_points(&a).into_iter().filter(|p| !pb.contains(p)).collect();
            prop_assert_eq!(dual_points(&a.difference(&b)), diff);
            let mut union = dual_points(&a);
            union.extend(pb.iter().copied());
            union.sort_unstable();
            union.dedup();
            prop_assert_eq!(dual_points(&a.union(&b)), union);
            prop_assert_eq!(dual_points(&a.clone().normalize()), dual_points(&a));
            // The family split is a partition.
            let (v4, v6) = (a.v4_part(), a.v6_part());
            prop_assert!(v4.intersect(&v6).is_empty());
            prop_assert_eq!(dual_points(&v4.union(&v6)), dual_points(&a));
            prop_assert!(v4.boxes().iter().all(FlowBox::is_v4));
            prop_assert!(v6.boxes().iter().all(|b| !b.src_keys().0.le(&V4_LAST) || b.src_keys().1 < V4_BASE));
        }
    }

    #[test]
    fn prints_both_families() {
        let v6 = FlowSet::from_box(
            FlowBox::with_keys(
                (6, 6),
                (
                    ip_key("2600:1f18::".parse().unwrap()),
                    ip_key("2600:1f18::ff".parse().unwrap()),
                ),
                (22, 22),
            )
            .unwrap(),
        );
        assert_eq!(v6.to_string(), "tcp 22 from 2600:1f18::/120");
        assert_eq!(key_ip(v4_key(0x0a00_0001)).to_string(), "10.0.0.1");
    }

    #[test]
    fn prints_a_readable_form() {
        let a = FlowSet::from_box(
            FlowBox::new((6, 6), (0x0a00_0000, 0x0a00_00ff), (8081, 8082)).unwrap(),
        );
        assert_eq!(a.to_string(), "tcp 8081-8082 from 10.0.0.0/24");
        assert_eq!(FlowSet::all().to_string(), "all from anywhere");
        assert_eq!(FlowSet::empty().to_string(), "nothing");
    }
}
