//! Parsing prefixes and address ranges from text.
//!
//! Two modes, by decision (documented in docs/cidr.md):
//!
//! - **strict** ([`parse()`], [`parse_any`]): host bits must be zero. `10.0.1.5/24` is an
//!   error that suggests `10.0.1.0/24`, because a person who types it almost always made a
//!   mistake, and the CLI's job is to teach;
//! - **lenient** ([`parse_lenient`], [`parse_any_lenient`]): host bits are zeroed and the
//!   result says so, because AWS silently does the same for VPC, subnet and NACL CIDRs
//!   (docs/semantics.md §1.2) and a design loader must accept what AWS accepts, with a warning.
//!
//! Both modes require a prefix length (`10.0.0.1` alone is an error suggesting `/32`), accept
//! only decimal digits after `/`, and never trim whitespace: callers trim what they read.

use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::error::CidrError;
use crate::prefix::{Prefix, Uint};

/// The result of lenient parsing: the canonical prefix and whether host bits were zeroed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lenient<N> {
    /// The canonical prefix (host bits zero).
    pub cidr: N,
    /// True when the input had host bits set that were zeroed (`10.0.1.5/24`).
    pub host_bits_zeroed: bool,
}

/// Parses a prefix strictly: host bits set is an error with a "did you mean" suggestion.
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse};
/// let net: Ipv4Net = parse("10.0.1.0/24")?;
/// assert_eq!(net.to_string(), "10.0.1.0/24");
/// let err = parse::<Ipv4Net>("10.0.1.5/24").unwrap_err();
/// assert_eq!(err.to_string(), "`10.0.1.5/24` has host bits set (did you mean `10.0.1.0/24`?)");
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse<P: Prefix>(text: &str) -> Result<P, CidrError> {
    let lenient = parse_lenient::<P>(text)?;
    if lenient.host_bits_zeroed {
        return Err(CidrError::HostBitsSet {
            text: text.to_owned(),
            network: lenient.cidr.to_string(),
        });
    }
    Ok(lenient.cidr)
}

/// Parses a prefix leniently: host bits are zeroed, as AWS does (docs/semantics.md §1.2).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse_lenient};
/// let parsed = parse_lenient::<Ipv4Net>("100.68.0.18/18")?;
/// assert_eq!(parsed.cidr.to_string(), "100.68.0.0/18");
/// assert!(parsed.host_bits_zeroed);
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_lenient<P: Prefix>(text: &str) -> Result<Lenient<P>, CidrError> {
    if text.trim().is_empty() {
        return Err(CidrError::Empty);
    }
    let Some((address, len_text)) = text.split_once('/') else {
        return match text.parse::<P::Addr>() {
            Ok(_) => Err(CidrError::MissingPrefixLen {
                text: text.to_owned(),
                suggestion: format!("{text}/{}", P::MAX_LEN),
            }),
            Err(_) => Err(CidrError::NotACidr {
                text: text.to_owned(),
            }),
        };
    };
    let Ok(addr) = address.parse::<P::Addr>() else {
        return Err(CidrError::InvalidAddress {
            text: text.to_owned(),
            address: address.to_owned(),
            family: P::FAMILY,
        });
    };
    let len = parse_len(len_text, P::MAX_LEN).ok_or_else(|| CidrError::InvalidPrefixLen {
        text: text.to_owned(),
        len: len_text.to_owned(),
        max: P::MAX_LEN,
    })?;
    let bits = P::addr_to_uint(addr);
    let host_bits_zeroed = bits.and(P::Uint::host_mask(len)) != P::Uint::ZERO;
    Ok(Lenient {
        cidr: P::from_parts(bits, len),
        host_bits_zeroed,
    })
}

/// Parses an IPv4 or IPv6 prefix strictly; the family is chosen by the presence of `:`.
///
/// ```
/// use vpcsim_cidr::parse_any;
/// assert_eq!(parse_any("10.0.0.0/16")?.to_string(), "10.0.0.0/16");
/// assert_eq!(parse_any("2001:db8::/56")?.to_string(), "2001:db8::/56");
/// assert!(parse_any("2001:db8::1/56").is_err());
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_any(text: &str) -> Result<IpNet, CidrError> {
    if text.contains(':') {
        parse::<Ipv6Net>(text).map(IpNet::V6)
    } else {
        parse::<Ipv4Net>(text).map(IpNet::V4)
    }
}

/// Parses an IPv4 or IPv6 prefix leniently (host bits zeroed and reported).
///
/// ```
/// use vpcsim_cidr::parse_any_lenient;
/// let parsed = parse_any_lenient("2001:db8::1/64")?;
/// assert_eq!(parsed.cidr.to_string(), "2001:db8::/64");
/// assert!(parsed.host_bits_zeroed);
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_any_lenient(text: &str) -> Result<Lenient<IpNet>, CidrError> {
    if text.contains(':') {
        parse_lenient::<Ipv6Net>(text).map(|l| Lenient {
            cidr: IpNet::V6(l.cidr),
            host_bits_zeroed: l.host_bits_zeroed,
        })
    } else {
        parse_lenient::<Ipv4Net>(text).map(|l| Lenient {
            cidr: IpNet::V4(l.cidr),
            host_bits_zeroed: l.host_bits_zeroed,
        })
    }
}

/// Parses an inclusive address range `FIRST-LAST` of one family (spaces around `-` allowed).
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, parse_range};
/// let (first, last) = parse_range::<Ipv4Net>("10.0.0.5-10.0.0.9")?;
/// assert_eq!((first.to_string(), last.to_string()), ("10.0.0.5".into(), "10.0.0.9".into()));
/// assert!(parse_range::<Ipv4Net>("10.0.0.9-10.0.0.5").is_err());
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_range<P: Prefix>(text: &str) -> Result<(P::Addr, P::Addr), CidrError> {
    let invalid = || CidrError::InvalidRange {
        text: text.to_owned(),
    };
    let (first, last) = text.split_once('-').ok_or_else(invalid)?;
    let first = first.trim().parse::<P::Addr>().map_err(|_| invalid())?;
    let last = last.trim().parse::<P::Addr>().map_err(|_| invalid())?;
    if first > last {
        return Err(CidrError::ReversedRange {
            text: text.to_owned(),
        });
    }
    Ok((first, last))
}

/// The family of a range's text: `Some(true)` for IPv6, judged by `:`; used by callers that
/// accept both families.
///
/// ```
/// use vpcsim_cidr::parse::is_ipv6_text;
/// assert!(is_ipv6_text("2001:db8::-2001:db8::ff"));
/// assert!(!is_ipv6_text("10.0.0.0-10.0.0.255"));
/// ```
pub fn is_ipv6_text(text: &str) -> bool {
    text.contains(':')
}

/// Parses an address of either family. A thin wrapper kept here so callers do not mix
/// address parsers with different strictness.
///
/// ```
/// use vpcsim_cidr::parse::parse_addr;
/// assert!(parse_addr("10.0.0.1").is_some());
/// assert!(parse_addr("10.0.0.256").is_none());
/// ```
pub fn parse_addr(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

/// How a prefix length was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MaskForm {
    /// `/24`.
    Length,
    /// A dotted netmask, `255.255.255.0`: 1 bits for the network part.
    Netmask,
    /// A dotted wildcard (inverse) mask, `0.0.0.255`, as Cisco ACLs write it.
    Wildcard,
}

/// An address with the network it sits in, as a person asks about it: `10.0.1.5/24`,
/// `10.0.1.5/255.255.255.0`, `10.0.1.5 255.255.255.0` or `10.0.1.5/0.0.0.255`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HostInput {
    /// The address as written (host bits kept).
    pub address: IpAddr,
    /// Its network (host bits zeroed).
    pub network: IpNet,
    /// How the prefix length was written.
    pub form: MaskForm,
}

impl HostInput {
    /// True when the address is not the network address, i.e. the input named a host.
    ///
    /// ```
    /// use vpcsim_cidr::parse::parse_host;
    /// assert!(parse_host("10.0.1.5/24")?.is_host());
    /// assert!(!parse_host("10.0.1.0/24")?.is_host());
    /// # Ok::<(), vpcsim_cidr::CidrError>(())
    /// ```
    pub fn is_host(&self) -> bool {
        self.address != self.network.network()
    }
}

/// Parses a dotted IPv4 mask: a netmask (`255.255.240.0` → 20) or a wildcard (`0.0.15.255` →
/// 20). The 1 bits must be contiguous. `0.0.0.0` and `255.255.255.255` read as netmasks
/// (/0 and /32), as `ipcalc` reads them.
///
/// ```
/// use vpcsim_cidr::parse::{MaskForm, parse_mask};
/// assert_eq!(parse_mask("255.255.0.0")?, (16, MaskForm::Netmask));
/// assert_eq!(parse_mask("0.0.0.255")?, (24, MaskForm::Wildcard));
/// assert!(parse_mask("255.0.255.0").is_err());
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_mask(text: &str) -> Result<(u8, MaskForm), CidrError> {
    let mask: std::net::Ipv4Addr = text.parse().map_err(|_| CidrError::InvalidMask {
        mask: text.to_owned(),
    })?;
    let bits = u32::from(mask);
    let ones = bits.count_ones();
    let len = |ones: u32| u8::try_from(ones).unwrap_or(32);
    if bits.leading_ones() == ones {
        return Ok((len(ones), MaskForm::Netmask));
    }
    if bits.trailing_ones() == ones {
        return Ok((len(32 - ones), MaskForm::Wildcard));
    }
    Err(CidrError::NonContiguousMask {
        mask: text.to_owned(),
    })
}

/// Parses an address and the network it is in, keeping host bits: `A/len`, `A/netmask`,
/// `A/wildcard`, or the address and a mask separated by whitespace. IPv6 takes `A/len` only.
///
/// ```
/// use vpcsim_cidr::parse::{MaskForm, parse_host};
/// let host = parse_host("10.0.1.5/24")?;
/// assert_eq!(host.address.to_string(), "10.0.1.5");
/// assert_eq!(host.network.to_string(), "10.0.1.0/24");
/// let dotted = parse_host("10.0.0.0 255.255.0.0")?;
/// assert_eq!((dotted.network.to_string(), dotted.form), ("10.0.0.0/16".into(), MaskForm::Netmask));
/// assert!(parse_host("10.0.0.0/255.0.255.0").is_err());
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub fn parse_host(text: &str) -> Result<HostInput, CidrError> {
    // `A/M` exactly as written (no spaces around `/`, as for CIDRs), or `A M` with whitespace.
    let split = text.split_once('/').or_else(|| {
        let trimmed = text.trim();
        let (address, mask) = trimmed.split_once(char::is_whitespace)?;
        Some((address, mask.trim_start()))
    });
    let Some((address, mask)) = split else {
        // No length: the strict parser phrases the error ("did you mean /32?").
        parse_any(text)?;
        return Err(CidrError::NotACidr {
            text: text.to_owned(),
        });
    };
    if is_ipv6_text(address) {
        let lenient = parse_lenient::<Ipv6Net>(&format!("{address}/{mask}"))
            .map_err(|error| with_text(error, text))?;
        let address = address.parse().map_err(|_| CidrError::NotACidr {
            text: text.to_owned(),
        })?;
        return Ok(HostInput {
            address: IpAddr::V6(address),
            network: IpNet::V6(lenient.cidr),
            form: MaskForm::Length,
        });
    }
    let Ok(addr) = address.parse::<std::net::Ipv4Addr>() else {
        return Err(CidrError::InvalidAddress {
            text: text.to_owned(),
            address: address.to_owned(),
            family: "ipv4",
        });
    };
    let (len, form) = if mask.contains('.') {
        parse_mask(mask).map_err(|error| match error {
            CidrError::InvalidMask { mask } => CidrError::InvalidMaskIn {
                text: text.to_owned(),
                mask,
            },
            other => other,
        })?
    } else {
        let len = parse_len(mask, 32).ok_or_else(|| CidrError::InvalidMaskIn {
            text: text.to_owned(),
            mask: mask.to_owned(),
        })?;
        (len, MaskForm::Length)
    };
    let network = Ipv4Net::new(addr, len)
        .map_err(|_| CidrError::NotACidr {
            text: text.to_owned(),
        })?
        .trunc();
    Ok(HostInput {
        address: IpAddr::V4(addr),
        network: IpNet::V4(network),
        form,
    })
}

/// The same error, naming the user's text instead of a rebuilt one.
fn with_text(error: CidrError, original: &str) -> CidrError {
    let text = original.to_owned();
    match error {
        CidrError::InvalidAddress {
            address, family, ..
        } => CidrError::InvalidAddress {
            text,
            address,
            family,
        },
        CidrError::InvalidPrefixLen { len, max, .. } => {
            CidrError::InvalidPrefixLen { text, len, max }
        }
        other => other,
    }
}

/// A prefix length: 1–3 ASCII digits, at most `max`.
fn parse_len(text: &str, max: u8) -> Option<u8> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u8>().ok().filter(|len| *len <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_accepts_canonical_prefixes() {
        assert_eq!(
            parse::<Ipv4Net>("0.0.0.0/0").unwrap().to_string(),
            "0.0.0.0/0"
        );
        assert_eq!(
            parse::<Ipv4Net>("10.0.0.1/32").unwrap().to_string(),
            "10.0.0.1/32"
        );
        assert_eq!(parse::<Ipv6Net>("::/0").unwrap().to_string(), "::/0");
    }

    #[test]
    fn strict_rejects_host_bits_with_suggestion() {
        let err = parse::<Ipv4Net>("10.0.1.5/24").unwrap_err();
        assert!(
            err.to_string().contains("did you mean `10.0.1.0/24`?"),
            "{err}"
        );
    }

    #[test]
    fn garbage_is_an_error_never_a_panic() {
        for text in [
            "",
            " ",
            "foo",
            "10.0.0.0/33",
            "300.1.1.1/8",
            "10.0.0.0/",
            "/8",
            "10.0.0.0/+8",
            "10.0.0.0/ 8",
            "10.0.0/8",
            "10.0.0.0/8/8",
            "10.0.0.0/1000",
            "::/129",
            "10.0.0.0/-1",
        ] {
            assert!(parse::<Ipv4Net>(text).is_err(), "{text:?} should fail");
            assert!(parse_any(text).is_err(), "{text:?} should fail");
        }
    }

    #[test]
    fn bare_address_suggests_host_prefix() {
        let err = parse::<Ipv4Net>("10.0.0.1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`10.0.0.1` has no prefix length (did you mean `10.0.0.1/32`?)"
        );
    }

    #[test]
    fn out_of_range_length_names_the_maximum() {
        let err = parse::<Ipv4Net>("10.0.0.0/33").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`10.0.0.0/33`: prefix length `33` is not a number from 0 to 32"
        );
    }

    #[test]
    fn lenient_reports_zeroing() {
        let parsed = parse_lenient::<Ipv4Net>("10.0.0.0/8").unwrap();
        assert!(!parsed.host_bits_zeroed);
    }

    #[test]
    fn ranges_parse_and_reject_reversed_and_mixed() {
        assert!(parse_range::<Ipv4Net>("10.0.0.0 - 10.0.0.1").is_ok());
        assert!(parse_range::<Ipv4Net>("10.0.0.0-::1").is_err());
        assert!(parse_range::<Ipv4Net>("10.0.0.0").is_err());
        assert!(parse_range::<Ipv6Net>("::1-::").is_err());
    }
}
