//! [`CidrError`]: everything that can go wrong parsing or carving prefixes.
//!
//! Every variant carries the offending text so that a caller can print it without keeping
//! the input around. Messages are lowercase with no trailing period (lowercase, no trailing period).

/// An error from parsing or carving a prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CidrError {
    /// The input was empty (or only whitespace).
    #[error("empty cidr: expected something like 10.0.0.0/16")]
    Empty,
    /// Text that is neither a prefix nor an address, e.g. `foo`.
    #[error(
        "`{text}` is not a CIDR: expected an address, `/` and a prefix length, e.g. 10.0.0.0/16"
    )]
    NotACidr {
        /// The input as given.
        text: String,
    },
    /// An address without `/len`.
    #[error("`{text}` has no prefix length (did you mean `{suggestion}`?)")]
    MissingPrefixLen {
        /// The input as given.
        text: String,
        /// The single-address prefix, e.g. `10.0.0.1/32`.
        suggestion: String,
    },
    /// The part before `/` is not an address of the expected family.
    #[error("`{text}`: `{address}` is not a valid {family} address")]
    InvalidAddress {
        /// The input as given.
        text: String,
        /// The address part.
        address: String,
        /// `ipv4` or `ipv6`.
        family: &'static str,
    },
    /// The part after `/` is not a number in `0..=max`.
    #[error("`{text}`: prefix length `{len}` is not a number from 0 to {max}")]
    InvalidPrefixLen {
        /// The input as given.
        text: String,
        /// The prefix length part.
        len: String,
        /// 32 for IPv4, 128 for IPv6.
        max: u8,
    },
    /// Bits after the prefix length are set, e.g. `10.0.1.5/24`.
    #[error("`{text}` has host bits set (did you mean `{network}`?)")]
    HostBitsSet {
        /// The input as given.
        text: String,
        /// The canonical network with host bits zeroed.
        network: String,
    },
    /// An address range that is not `FIRST-LAST`.
    #[error("`{text}` is not an address range: expected FIRST-LAST, e.g. 10.0.0.0-10.0.0.255")]
    InvalidRange {
        /// The input as given.
        text: String,
    },
    /// An address range whose first address is after its last.
    #[error("`{text}`: the range starts after it ends")]
    ReversedRange {
        /// The input as given.
        text: String,
    },
    /// A split whose target length is shorter than the prefix or longer than the family allows.
    #[error(
        "cannot split `{cidr}` into /{new_len}: the new prefix length must be from {min} to {max}"
    )]
    SplitLength {
        /// The prefix being split.
        cidr: String,
        /// The requested length.
        new_len: u8,
        /// The prefix's own length.
        min: u8,
        /// 32 or 128.
        max: u8,
    },
    /// A split into K equal parts where K is not a power of two or is too large.
    #[error("cannot split `{cidr}` into {parts} equal parts: {reason}")]
    SplitParts {
        /// The prefix being split.
        cidr: String,
        /// The requested number of parts.
        parts: u128,
        /// Why not, with a suggestion.
        reason: String,
    },
    /// A dotted mask that is not an IPv4 address, e.g. `255.255.0`.
    #[error(
        "`{mask}` is not a mask: expected a netmask like 255.255.0.0 or a wildcard like 0.0.255.255"
    )]
    InvalidMask {
        /// The mask as given.
        mask: String,
    },
    /// The part after the address is neither a prefix length nor a dotted mask.
    #[error(
        "`{text}`: `{mask}` is neither a prefix length from 0 to 32 nor a mask like 255.255.0.0 (netmask) or 0.0.255.255 (wildcard)"
    )]
    InvalidMaskIn {
        /// The input as given.
        text: String,
        /// The mask part.
        mask: String,
    },
    /// A dotted mask whose 1 bits are not contiguous, e.g. `255.0.255.0`.
    #[error(
        "`{mask}` is not a contiguous mask: a netmask has all its 1 bits first (255.255.240.0), a wildcard all its 1 bits last (0.0.15.255)"
    )]
    NonContiguousMask {
        /// The mask as given.
        mask: String,
    },
}
