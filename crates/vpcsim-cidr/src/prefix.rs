//! The sealed [`Prefix`] trait: one generic view of IPv4 and IPv6 prefixes as integer ranges.
//!
//! The algorithms in this crate are written once over `Prefix` and compiled twice, with
//! `u32` keys for IPv4 (so sorting a million IPv4 prefixes moves small keys) and `u128` keys
//! for IPv6.

use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use ipnet::{Ipv4Net, Ipv6Net};

mod sealed {
    pub trait Sealed {}
    impl Sealed for ipnet::Ipv4Net {}
    impl Sealed for ipnet::Ipv6Net {}
}

/// An IPv4 or IPv6 prefix ([`Ipv4Net`] or [`Ipv6Net`]). Sealed: no other implementations.
///
/// ```
/// use vpcsim_cidr::{Ipv4Net, Prefix};
/// assert_eq!(<Ipv4Net as Prefix>::MAX_LEN, 32);
/// let net: Ipv4Net = vpcsim_cidr::parse("10.0.0.0/24")?;
/// assert_eq!(net.first_addr().to_string(), "10.0.0.0");
/// assert_eq!(net.last_addr().to_string(), "10.0.0.255");
/// # Ok::<(), vpcsim_cidr::CidrError>(())
/// ```
pub trait Prefix:
    sealed::Sealed + Copy + Eq + Ord + Hash + Debug + Display + Send + Sync + 'static
{
    /// The address type, [`Ipv4Addr`] or [`Ipv6Addr`].
    type Addr: Copy + Eq + Ord + Hash + Debug + Display + FromStr + Send + Sync + 'static;
    /// The integer an address is held in (`u32` or `u128`); an implementation detail.
    #[doc(hidden)]
    type Uint: Uint;
    /// Bits in an address: 32 or 128.
    const MAX_LEN: u8;
    /// `ipv4` or `ipv6`, for messages.
    const FAMILY: &'static str;

    /// The network (host bits zeroed) as an integer, and the prefix length.
    #[doc(hidden)]
    fn to_parts(&self) -> (Self::Uint, u8);
    /// Builds a prefix from an integer network and a length; host bits are zeroed.
    #[doc(hidden)]
    fn from_parts(network: Self::Uint, len: u8) -> Self;
    /// An address as an integer.
    #[doc(hidden)]
    fn addr_to_uint(addr: Self::Addr) -> Self::Uint;
    /// An integer as an address.
    #[doc(hidden)]
    fn addr_from_uint(bits: Self::Uint) -> Self::Addr;

    /// The first address (the network address).
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, Prefix};
    /// let net: Ipv4Net = "10.0.1.0/24".parse().unwrap();
    /// assert_eq!(net.first_addr().to_string(), "10.0.1.0");
    /// ```
    fn first_addr(&self) -> Self::Addr {
        Self::addr_from_uint(self.to_parts().0)
    }

    /// The last address (the broadcast address in IPv4 terms).
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv6Net, Prefix};
    /// let net: Ipv6Net = "2001:db8::/64".parse().unwrap();
    /// assert_eq!(net.last_addr().to_string(), "2001:db8::ffff:ffff:ffff:ffff");
    /// ```
    fn last_addr(&self) -> Self::Addr {
        let (first, len) = self.to_parts();
        Self::addr_from_uint(first.or(Self::Uint::host_mask(len)))
    }

    /// The canonical form: the same length with host bits zeroed.
    ///
    /// ```
    /// use vpcsim_cidr::{Ipv4Net, Prefix};
    /// let net: Ipv4Net = "10.0.1.5/24".parse().unwrap();
    /// assert_eq!(net.canonical().to_string(), "10.0.1.0/24");
    /// ```
    fn canonical(&self) -> Self {
        let (first, len) = self.to_parts();
        Self::from_parts(first, len)
    }
}

/// Unsigned integer operations the algorithms need; implemented for `u32` and `u128`.
#[doc(hidden)]
pub trait Uint: Copy + Eq + Ord + Hash + Debug + Send + Sync + 'static {
    /// All zeros.
    const ZERO: Self;
    /// All ones.
    const MAX: Self;
    /// Width in bits.
    const BITS: u8;
    /// The low `BITS - len` bits set (the host part of a `/len`); zero when `len >= BITS`.
    fn host_mask(len: u8) -> Self;
    /// Bitwise and.
    fn and(self, other: Self) -> Self;
    /// Bitwise or.
    fn or(self, other: Self) -> Self;
    /// `self + 1`, or `None` on overflow.
    fn checked_inc(self) -> Option<Self>;
    /// `self - other`, wrapping.
    fn wrapping_sub(self, other: Self) -> Self;
    /// Trailing zero bits (`BITS` for zero).
    fn trailing_zeros(self) -> u32;
    /// Leading zero bits (`BITS` for zero).
    fn leading_zeros(self) -> u32;
    /// `self >> shift`; zero when `shift >= BITS`.
    fn shr(self, shift: u32) -> Self;
    /// `self << shift`; zero when `shift >= BITS`.
    fn shl(self, shift: u32) -> Self;
    /// Widens to `u128`.
    fn to_u128(self) -> u128;
    /// Narrows from `u128` (truncating).
    fn from_u128(value: u128) -> Self;
}

macro_rules! impl_uint {
    ($t:ty) => {
        impl Uint for $t {
            const ZERO: Self = 0;
            const MAX: Self = <$t>::MAX;
            const BITS: u8 = <$t>::BITS as u8;
            #[inline]
            fn host_mask(len: u8) -> Self {
                if len >= <Self as Uint>::BITS {
                    0
                } else {
                    <$t>::MAX >> len
                }
            }
            #[inline]
            fn and(self, other: Self) -> Self {
                self & other
            }
            #[inline]
            fn or(self, other: Self) -> Self {
                self | other
            }
            #[inline]
            fn checked_inc(self) -> Option<Self> {
                self.checked_add(1)
            }
            #[inline]
            fn wrapping_sub(self, other: Self) -> Self {
                <$t>::wrapping_sub(self, other)
            }
            #[inline]
            fn trailing_zeros(self) -> u32 {
                <$t>::trailing_zeros(self)
            }
            #[inline]
            fn leading_zeros(self) -> u32 {
                <$t>::leading_zeros(self)
            }
            #[inline]
            fn shr(self, shift: u32) -> Self {
                self.checked_shr(shift).unwrap_or(0)
            }
            #[inline]
            fn shl(self, shift: u32) -> Self {
                self.checked_shl(shift).unwrap_or(0)
            }
            #[inline]
            fn to_u128(self) -> u128 {
                self as u128
            }
            #[inline]
            #[allow(clippy::cast_possible_truncation)]
            fn from_u128(value: u128) -> Self {
                value as $t
            }
        }
    };
}
impl_uint!(u32);
impl_uint!(u128);

impl Prefix for Ipv4Net {
    type Addr = Ipv4Addr;
    type Uint = u32;
    const MAX_LEN: u8 = 32;
    const FAMILY: &'static str = "ipv4";

    #[inline]
    fn to_parts(&self) -> (u32, u8) {
        let len = self.prefix_len();
        (u32::from(self.addr()) & !u32::host_mask(len), len)
    }
    #[inline]
    fn from_parts(network: u32, len: u8) -> Self {
        let len = len.min(32);
        Ipv4Net::new(Ipv4Addr::from(network & !u32::host_mask(len)), len)
            .expect("length clamped to 0..=32")
    }
    #[inline]
    fn addr_to_uint(addr: Ipv4Addr) -> u32 {
        u32::from(addr)
    }
    #[inline]
    fn addr_from_uint(bits: u32) -> Ipv4Addr {
        Ipv4Addr::from(bits)
    }
}

impl Prefix for Ipv6Net {
    type Addr = Ipv6Addr;
    type Uint = u128;
    const MAX_LEN: u8 = 128;
    const FAMILY: &'static str = "ipv6";

    #[inline]
    fn to_parts(&self) -> (u128, u8) {
        let len = self.prefix_len();
        (u128::from(self.addr()) & !u128::host_mask(len), len)
    }
    #[inline]
    fn from_parts(network: u128, len: u8) -> Self {
        let len = len.min(128);
        Ipv6Net::new(Ipv6Addr::from(network & !u128::host_mask(len)), len)
            .expect("length clamped to 0..=128")
    }
    #[inline]
    fn addr_to_uint(addr: Ipv6Addr) -> u128 {
        u128::from(addr)
    }
    #[inline]
    fn addr_from_uint(bits: u128) -> Ipv6Addr {
        Ipv6Addr::from(bits)
    }
}

/// `(first, last)` of a prefix as integers.
#[inline]
pub(crate) fn bounds<P: Prefix>(net: &P) -> (P::Uint, P::Uint) {
    let (first, len) = net.to_parts();
    (first, first.or(P::Uint::host_mask(len)))
}
