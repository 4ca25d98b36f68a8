//! IPv4/IPv6 prefix algebra for vpcsim. Knows nothing about AWS.
//!
//! Everything here works on [`ipnet::Ipv4Net`] and [`ipnet::Ipv6Net`] through the sealed
//! [`Prefix`] trait, which views a prefix as an integer range `first..=last`:
//!
//! - [`parse`](mod@parse): strict parsing ([`parse()`] rejects host bits with a "did you mean"
//!   error) and a lenient mode ([`parse_lenient`]) that zeroes them and says so, because AWS
//!   itself silently zeroes host bits (docs/semantics.md §1.2) and a loader must accept what AWS
//!   accepts while warning about it;
//! - [`ops`]: containment, overlap, splitting into sub-prefixes, aggregation of a list,
//!   and address range → minimal prefix list;
//! - [`overlap`]: every overlapping pair among N prefixes in O(N log N + pairs);
//! - [`lpm`]: a longest-prefix-match table;
//! - [`special`]: what a range is for by the IETF registries (private, shared, link-local,
//!   documentation, …), without AWS's view of it.
//!
//! Outputs are always canonical (host bits zero) and deterministic. Inputs that carry host bits
//! (an `Ipv4Net` built by hand) are read as their network.
#![deny(missing_docs)]

pub mod error;
pub mod lpm;
pub mod ops;
pub mod overlap;
pub mod parse;
pub mod prefix;
pub mod special;

pub use error::CidrError;
pub use ipnet::{IpNet, Ipv4Net, Ipv6Net};
pub use lpm::LpmTable;
pub use ops::{aggregate, contains, overlaps, range_to_cidrs, split, split_parts};
pub use overlap::{Overlap, find_overlaps};
pub use parse::{
    HostInput, Lenient, MaskForm, parse, parse_any, parse_any_lenient, parse_host, parse_lenient,
    parse_mask, parse_range,
};
pub use prefix::Prefix;
