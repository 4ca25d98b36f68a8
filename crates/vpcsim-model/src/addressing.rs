//! AWS addressing rules (docs/semantics.md §1): block sizes, reserved addresses, usable counts,
//! secondary-block restrictions and range advisories.
//!
//! `vpcsim-cidr` knows prefixes; this module knows what AWS does with them. Every rule cites
//! the docs/semantics.md section it implements, so that a change in AWS's documentation can be
//! traced to one function. Refusals are data ([`Reason`]), never printed: the loader turns them
//! into diagnostics and `vpcsim cidr` into its teaching view.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use vpcsim_cidr::{contains, overlaps};

/// The shortest prefix AWS accepts for a VPC IPv4 block: /16, 65,536 addresses (§1.1).
pub const VPC_MIN_PREFIX: u8 = 16;
/// The longest prefix AWS accepts for a VPC IPv4 block: /28, 16 addresses (§1.1).
pub const VPC_MAX_PREFIX: u8 = 28;
/// The shortest prefix AWS accepts for a subnet IPv4 block (§1.9).
pub const SUBNET_MIN_PREFIX: u8 = 16;
/// The longest prefix AWS accepts for a subnet IPv4 block (§1.9).
pub const SUBNET_MAX_PREFIX: u8 = 28;
/// Addresses AWS reserves in every subnet, IPv4 and IPv6: the first four and the last (§1.10).
pub const RESERVED_PER_SUBNET: u8 = 5;
/// The length of an Amazon-provided IPv6 VPC block (§1.11).
pub const IPV6_VPC_PREFIX: u8 = 56;
/// The length of an IPv6 subnet block (§1.11).
pub const IPV6_SUBNET_PREFIX: u8 = 64;
/// Link-local, never usable in a VPC (§1.4).
pub const LINK_LOCAL: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(169, 254, 0, 0), 16);
/// The range AWS advises against because it clashes with Docker, Cloud9 and SageMaker (§1.3).
pub const DOCKER_BRIDGE: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(172, 17, 0, 0), 16);

/// What a block is being checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A VPC CIDR block (primary or secondary).
    Vpc,
    /// A subnet CIDR block.
    Subnet,
}

impl BlockKind {
    /// `VPC block` or `subnet block`, for messages.
    ///
    /// ```
    /// use vpcsim_model::addressing::BlockKind;
    /// assert_eq!(BlockKind::Vpc.as_str(), "VPC block");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Vpc => "VPC block",
            BlockKind::Subnet => "subnet block",
        }
    }
}

/// Why AWS refuses a block. `Display` gives a one-line, lowercase-start explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// Shorter than /16: more addresses than AWS allows (§1.1, §1.9).
    #[error("/{prefix_len} is larger than AWS allows for a {} (/{min}–/{max})", kind.as_str())]
    TooLarge {
        /// VPC or subnet.
        kind: BlockKind,
        /// The block's prefix length.
        prefix_len: u8,
        /// The shortest allowed length.
        min: u8,
        /// The longest allowed length.
        max: u8,
    },
    /// Longer than /28: fewer addresses than AWS allows (§1.1, §1.9).
    #[error("/{prefix_len} is smaller than AWS allows for a {} (/{min}–/{max})", kind.as_str())]
    TooSmall {
        /// VPC or subnet.
        kind: BlockKind,
        /// The block's prefix length.
        prefix_len: u8,
        /// The shortest allowed length.
        min: u8,
        /// The longest allowed length.
        max: u8,
    },
    /// Overlaps 169.254.0.0/16 (§1.4).
    #[error("{}", link_local_text(*block))]
    LinkLocal {
        /// The refused block.
        block: Ipv4Net,
    },
    /// An IPv6 block of the wrong length (§1.11).
    #[error("/{prefix_len} is not allowed for an IPv6 {}: AWS uses /{expected}", kind.as_str())]
    Ipv6Length {
        /// VPC or subnet.
        kind: BlockKind,
        /// The block's prefix length.
        prefix_len: u8,
        /// /56 for a VPC, /64 for a subnet.
        expected: u8,
    },
    /// A new VPC block overlapping a block already on the VPC (§1.5).
    #[error("{new} overlaps {existing}, a block already on the VPC")]
    OverlapsExisting {
        /// The block being added.
        new: Ipv4Net,
        /// The block it overlaps.
        existing: Ipv4Net,
    },
    /// A new VPC block from a range AWS does not mix with an existing one (§1.7).
    #[error("{new} cannot be added to a VPC that uses {existing}: {rule}")]
    RangeMix {
        /// The block being added.
        new: Ipv4Net,
        /// The existing block that forbids it.
        existing: Ipv4Net,
        /// The row of the §1.7 table that applies.
        rule: &'static str,
    },
    /// A subnet not inside any one VPC block (§1.9).
    #[error("{subnet} is not inside any one of the VPC's blocks")]
    OutsideVpc {
        /// The subnet block.
        subnet: IpNet,
    },
}

/// The range, not the size, is the reason: say so.
fn link_local_text(block: Ipv4Net) -> String {
    if contains(&LINK_LOCAL, &block) {
        format!(
            "{block} is link-local (inside 169.254.0.0/16), which is never usable in a VPC, whatever the block's size"
        )
    } else {
        format!("{block} overlaps 169.254.0.0/16, which is link-local and never usable in a VPC")
    }
}

impl Reason {
    /// True for refusals whose AWS rule is marked [U] (unconfirmed) in docs/semantics.md: today only
    /// the §1.7 range-mixing table. Callers should report these with a configurable severity.
    ///
    /// ```
    /// use vpcsim_model::addressing::check_secondary_block;
    /// let err = check_secondary_block(&["10.0.0.0/16".parse().unwrap()], "192.168.0.0/16".parse().unwrap())
    ///     .unwrap_err();
    /// assert!(err.is_uncertain());
    /// ```
    pub fn is_uncertain(&self) -> bool {
        matches!(self, Reason::RangeMix { .. })
    }
}

/// The role of one address AWS reserves in a subnet (§1.10, §1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReservedRole {
    /// Base + 0: the network address.
    NetworkAddress,
    /// Base + 1: the VPC router, the subnet's default gateway.
    VpcRouter,
    /// IPv4 base + 2: reserved for the Amazon DNS resolver. The resolver itself answers at the
    /// *primary VPC CIDR* base + 2 (and at 169.254.169.253); +2 is reserved in every subnet.
    AmazonDns,
    /// IPv6 base + 2: reserved by AWS.
    AwsReserved,
    /// Base + 3: reserved for future use.
    FutureUse,
    /// IPv4 last address: the broadcast address, reserved although VPCs do not support broadcast.
    Broadcast,
    /// IPv6 last address: reserved by AWS.
    LastAddress,
}

impl ReservedRole {
    /// A stable kebab-case name, used in JSON output: `network`, `vpc-router`, `amazon-dns`,
    /// `aws-reserved`, `future-use`, `broadcast`, `last-address`.
    ///
    /// ```
    /// use vpcsim_model::addressing::ReservedRole;
    /// assert_eq!(ReservedRole::VpcRouter.as_str(), "vpc-router");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ReservedRole::NetworkAddress => "network",
            ReservedRole::VpcRouter => "vpc-router",
            ReservedRole::AmazonDns => "amazon-dns",
            ReservedRole::AwsReserved => "aws-reserved",
            ReservedRole::FutureUse => "future-use",
            ReservedRole::Broadcast => "broadcast",
            ReservedRole::LastAddress => "last-address",
        }
    }

    /// A one-line explanation for people.
    ///
    /// ```
    /// use vpcsim_model::addressing::ReservedRole;
    /// assert!(ReservedRole::Broadcast.description().contains("broadcast"));
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            ReservedRole::NetworkAddress => "network address",
            ReservedRole::VpcRouter => "VPC router (the subnet's default gateway)",
            ReservedRole::AmazonDns => {
                "Amazon DNS (the resolver answers at the primary VPC CIDR base + 2)"
            }
            ReservedRole::AwsReserved => "reserved by AWS",
            ReservedRole::FutureUse => "reserved by AWS for future use",
            ReservedRole::Broadcast => {
                "broadcast address (reserved; VPCs do not support broadcast)"
            }
            ReservedRole::LastAddress => "last address (reserved by AWS)",
        }
    }
}

impl fmt::Display for ReservedRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reserved address and why it is reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReservedAddress<A> {
    /// The address.
    pub address: A,
    /// Its role.
    pub role: ReservedRole,
}

/// Checks a block as a VPC block: IPv4 /16–/28 and not link-local (§1.1, §1.4); IPv6 /56
/// (§1.11; other sizes through IPAM/BYOIP are [U] and not accepted here).
///
/// ```
/// use vpcsim_model::addressing::check_vpc_block;
/// assert!(check_vpc_block("10.0.0.0/16".parse().unwrap()).is_ok());
/// let err = check_vpc_block("10.0.0.0/29".parse().unwrap()).unwrap_err();
/// assert_eq!(err.to_string(), "/29 is smaller than AWS allows for a VPC block (/16–/28)");
/// let err = check_vpc_block("10.0.0.0/15".parse().unwrap()).unwrap_err();
/// assert_eq!(err.to_string(), "/15 is larger than AWS allows for a VPC block (/16–/28)");
/// ```
pub fn check_vpc_block(block: IpNet) -> Result<(), Reason> {
    check_block(block, BlockKind::Vpc)
}

/// Checks a block as a subnet block: IPv4 /16–/28 and not link-local (§1.9, §1.4); IPv6 /64
/// (§1.11). Whether it lies inside the VPC is [`check_subnet_in_vpc`].
///
/// ```
/// use vpcsim_model::addressing::check_subnet_block;
/// assert!(check_subnet_block("10.0.2.0/24".parse().unwrap()).is_ok());
/// assert!(check_subnet_block("2001:db8::/64".parse().unwrap()).is_ok());
/// assert!(check_subnet_block("2001:db8::/56".parse().unwrap()).is_err());
/// ```
pub fn check_subnet_block(block: IpNet) -> Result<(), Reason> {
    check_block(block, BlockKind::Subnet)
}

fn check_block(block: IpNet, kind: BlockKind) -> Result<(), Reason> {
    let (min, max) = match kind {
        BlockKind::Vpc => (VPC_MIN_PREFIX, VPC_MAX_PREFIX),
        BlockKind::Subnet => (SUBNET_MIN_PREFIX, SUBNET_MAX_PREFIX),
    };
    match block {
        IpNet::V4(net) => {
            let prefix_len = net.prefix_len();
            if prefix_len < min {
                return Err(Reason::TooLarge {
                    kind,
                    prefix_len,
                    min,
                    max,
                });
            }
            if prefix_len > max {
                return Err(Reason::TooSmall {
                    kind,
                    prefix_len,
                    min,
                    max,
                });
            }
            if overlaps(&net, &LINK_LOCAL) {
                return Err(Reason::LinkLocal { block: net.trunc() });
            }
            Ok(())
        }
        IpNet::V6(net) => {
            let expected = match kind {
                BlockKind::Vpc => IPV6_VPC_PREFIX,
                BlockKind::Subnet => IPV6_SUBNET_PREFIX,
            };
            if net.prefix_len() == expected {
                Ok(())
            } else {
                Err(Reason::Ipv6Length {
                    kind,
                    prefix_len: net.prefix_len(),
                    expected,
                })
            }
        }
    }
}

/// Checks that a subnet lies inside one of the VPC's blocks (§1.9: a subnet may equal a whole
/// VPC block but cannot span two). Blocks of the other family are ignored.
///
/// ```
/// use vpcsim_model::addressing::check_subnet_in_vpc;
/// let vpc = ["10.0.0.0/16".parse().unwrap(), "10.1.0.0/16".parse().unwrap()];
/// assert!(check_subnet_in_vpc(&vpc, "10.1.4.0/24".parse().unwrap()).is_ok());
/// assert!(check_subnet_in_vpc(&vpc, "10.0.0.0/15".parse().unwrap()).is_err());
/// ```
pub fn check_subnet_in_vpc(vpc_blocks: &[IpNet], subnet: IpNet) -> Result<(), Reason> {
    let inside = vpc_blocks.iter().any(|block| match (block, subnet) {
        (IpNet::V4(block), IpNet::V4(subnet)) => contains(block, &subnet),
        (IpNet::V6(block), IpNet::V6(subnet)) => contains(block, &subnet),
        _ => false,
    });
    if inside {
        Ok(())
    } else {
        Err(Reason::OutsideVpc { subnet })
    }
}

/// The five addresses AWS reserves in an IPv4 subnet, in address order (§1.10), or `None` for
/// blocks too small to hold five distinct addresses (longer than /29).
///
/// ```
/// use vpcsim_model::addressing::{ReservedRole, reserved_addresses};
/// let reserved = reserved_addresses("10.0.2.0/24".parse().unwrap()).unwrap();
/// assert_eq!(reserved[0].address.to_string(), "10.0.2.0");
/// assert_eq!(reserved[1].role, ReservedRole::VpcRouter);
/// assert_eq!(reserved[4].address.to_string(), "10.0.2.255");
/// assert_eq!(reserved[4].role, ReservedRole::Broadcast);
/// ```
pub fn reserved_addresses(subnet: Ipv4Net) -> Option<[ReservedAddress<Ipv4Addr>; 5]> {
    if subnet.prefix_len() > 29 {
        return None;
    }
    let base = u32::from(subnet.network());
    let at = |offset: u32, role| ReservedAddress {
        address: Ipv4Addr::from(base + offset),
        role,
    };
    Some([
        at(0, ReservedRole::NetworkAddress),
        at(1, ReservedRole::VpcRouter),
        at(2, ReservedRole::AmazonDns),
        at(3, ReservedRole::FutureUse),
        ReservedAddress {
            address: subnet.broadcast(),
            role: ReservedRole::Broadcast,
        },
    ])
}

/// The five addresses AWS reserves in an IPv6 subnet: `::`, `::1` (router), `::2`, `::3` and
/// the last address (§1.11), or `None` for blocks longer than /125.
///
/// ```
/// use vpcsim_model::addressing::{ReservedRole, reserved_addresses_v6};
/// let reserved = reserved_addresses_v6("2001:db8:0:1::/64".parse().unwrap()).unwrap();
/// assert_eq!(reserved[1].address.to_string(), "2001:db8:0:1::1");
/// assert_eq!(reserved[4].address.to_string(), "2001:db8:0:1:ffff:ffff:ffff:ffff");
/// assert_eq!(reserved[4].role, ReservedRole::LastAddress);
/// ```
pub fn reserved_addresses_v6(subnet: Ipv6Net) -> Option<[ReservedAddress<Ipv6Addr>; 5]> {
    if subnet.prefix_len() > 125 {
        return None;
    }
    let base = u128::from(subnet.network());
    let at = |offset: u128, role| ReservedAddress {
        address: Ipv6Addr::from(base + offset),
        role,
    };
    Some([
        at(0, ReservedRole::NetworkAddress),
        at(1, ReservedRole::VpcRouter),
        at(2, ReservedRole::AwsReserved),
        at(3, ReservedRole::FutureUse),
        ReservedAddress {
            address: subnet.broadcast(),
            role: ReservedRole::LastAddress,
        },
    ])
}

/// Addresses an IPv4 subnet of this length can give to instances: 2^(32−n) − 5 (§1.10),
/// zero when the block holds five or fewer addresses. Lengths above 32 count as 32.
///
/// ```
/// use vpcsim_model::addressing::usable_count;
/// assert_eq!(usable_count(28), 11);
/// assert_eq!(usable_count(24), 251);
/// assert_eq!(usable_count(20), 4_091);
/// assert_eq!(usable_count(16), 65_531);
/// ```
pub fn usable_count(prefix_len: u8) -> u64 {
    // 2^(32-n) - 5 == (2^(32-n) - 1) - 4, which never overflows.
    (u64::from(u32::MAX) >> prefix_len.min(32)).saturating_sub(4)
}

/// Addresses an IPv6 subnet of this length can give out: 2^(128−n) − 5 (§1.11), zero when the
/// block holds five or fewer.
///
/// ```
/// use vpcsim_model::addressing::usable_count_v6;
/// assert_eq!(usable_count_v6(64), (1u128 << 64) - 5);
/// assert_eq!(usable_count_v6(0), u128::MAX - 4);
/// ```
pub fn usable_count_v6(prefix_len: u8) -> u128 {
    u128::MAX
        .checked_shr(u32::from(prefix_len))
        .unwrap_or(0)
        .saturating_sub(4)
}

/// The first address an instance can get: base + 4 (§1.10), or `None` when nothing is usable.
///
/// ```
/// use vpcsim_model::addressing::first_usable;
/// assert_eq!(first_usable("10.0.2.0/24".parse().unwrap()).unwrap().to_string(), "10.0.2.4");
/// ```
pub fn first_usable(subnet: Ipv4Net) -> Option<Ipv4Addr> {
    (usable_count(subnet.prefix_len()) > 0).then(|| Ipv4Addr::from(u32::from(subnet.network()) + 4))
}

/// The last address an instance can get: the broadcast address − 1 (§1.10), or `None` when
/// nothing is usable.
///
/// ```
/// use vpcsim_model::addressing::last_usable;
/// assert_eq!(last_usable("10.0.2.0/24".parse().unwrap()).unwrap().to_string(), "10.0.2.254");
/// ```
pub fn last_usable(subnet: Ipv4Net) -> Option<Ipv4Addr> {
    (usable_count(subnet.prefix_len()) > 0)
        .then(|| Ipv4Addr::from(u32::from(subnet.broadcast()) - 1))
}

/// The first usable IPv6 address (base + 4), or `None` when nothing is usable.
///
/// ```
/// use vpcsim_model::addressing::first_usable_v6;
/// assert_eq!(first_usable_v6("2001:db8::/64".parse().unwrap()).unwrap().to_string(), "2001:db8::4");
/// ```
pub fn first_usable_v6(subnet: Ipv6Net) -> Option<Ipv6Addr> {
    (usable_count_v6(subnet.prefix_len()) > 0)
        .then(|| Ipv6Addr::from(u128::from(subnet.network()) + 4))
}

/// The last usable IPv6 address (the last address − 1), or `None` when nothing is usable.
///
/// ```
/// use vpcsim_model::addressing::last_usable_v6;
/// let last = last_usable_v6("2001:db8::/64".parse().unwrap()).unwrap();
/// assert_eq!(last.to_string(), "2001:db8::ffff:ffff:ffff:fffe");
/// ```
pub fn last_usable_v6(subnet: Ipv6Net) -> Option<Ipv6Addr> {
    (usable_count_v6(subnet.prefix_len()) > 0)
        .then(|| Ipv6Addr::from(u128::from(subnet.broadcast()) - 1))
}

/// The ranges of the §1.7 mixing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    Ten,
    OneSevenTwo,
    OneNineTwo,
    OneNineEight,
    /// Public (non-RFC 1918) or 100.64.0.0/10: the same row of the table.
    Other,
}

const TEN: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8);
const TEN_FIRST_SLASH_15: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 15);
const TEN_FIRST_SLASH_16: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 16);
const ONE_SEVEN_TWO: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12);
const DEFAULT_VPC: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(172, 31, 0, 0), 16);
const ONE_NINE_TWO: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16);
const ONE_NINE_EIGHT: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(198, 19, 0, 0), 16);

fn range_of(block: &Ipv4Net) -> Range {
    if contains(&TEN, block) {
        Range::Ten
    } else if contains(&ONE_SEVEN_TWO, block) {
        Range::OneSevenTwo
    } else if contains(&ONE_NINE_TWO, block) {
        Range::OneNineTwo
    } else if contains(&ONE_NINE_EIGHT, block) {
        Range::OneNineEight
    } else {
        Range::Other
    }
}

fn is_rfc1918(range: Range) -> bool {
    matches!(range, Range::Ten | Range::OneSevenTwo | Range::OneNineTwo)
}

/// Checks a new secondary IPv4 block against the blocks already on a VPC (primary first).
///
/// Applies, in order: the /16–/28 size rule and link-local (§1.5, §1.1, §1.4); no overlap with
/// an existing block (§1.5); and the range-mixing table of §1.7, row by row for every existing
/// block: RFC 1918 ranges (10/8, 172.16/12, 192.168/16) do not mix with each other, with
/// 198.19.0.0/16 or with public/100.64.0.0/10 blocks; a VPC in 172.16/12 cannot add
/// 172.31.0.0/16; and nothing in 10.0.0.0/16 can be added once any block lies in 10.0.0.0/15.
///
/// **[U]**: the §1.7 table is from AWS's 2021–2023 docs; whether AWS has since relaxed the
/// RFC 1918 mixing rule is unconfirmed. Those refusals report [`Reason::is_uncertain`] so a
/// linter can put them behind a severity switch. §1.6 (route destinations) and §1.8 (peering)
/// need the whole VPC and are checked where the model is resolved.
///
/// ```
/// use vpcsim_model::addressing::check_secondary_block;
/// let vpc = ["10.0.0.0/16".parse().unwrap()];
/// assert!(check_secondary_block(&vpc, "10.2.0.0/16".parse().unwrap()).is_ok());
/// assert!(check_secondary_block(&vpc, "100.64.0.0/16".parse().unwrap()).is_ok());
/// assert!(check_secondary_block(&vpc, "10.0.128.0/17".parse().unwrap()).is_err()); // overlap
/// assert!(check_secondary_block(&vpc, "172.16.0.0/16".parse().unwrap()).is_err()); // §1.7
/// ```
pub fn check_secondary_block(existing: &[Ipv4Net], new: Ipv4Net) -> Result<(), Reason> {
    let new = new.trunc();
    check_vpc_block(IpNet::V4(new))?;
    if let Some(clash) = existing.iter().find(|block| overlaps(*block, &new)) {
        return Err(Reason::OverlapsExisting {
            new,
            existing: clash.trunc(),
        });
    }
    let new_range = range_of(&new);
    for block in existing {
        let mix = |rule| Reason::RangeMix {
            new,
            existing: block.trunc(),
            rule,
        };
        let existing_range = range_of(block);
        if is_rfc1918(existing_range) && is_rfc1918(new_range) && existing_range != new_range {
            return Err(mix(
                "AWS does not mix RFC 1918 ranges (10/8, 172.16/12, 192.168/16) in one VPC",
            ));
        }
        if existing_range == Range::Ten
            && contains(&TEN_FIRST_SLASH_15, block)
            && contains(&TEN_FIRST_SLASH_16, &new)
        {
            return Err(mix(
                "nothing in 10.0.0.0/16 can be added once a block lies in 10.0.0.0/15",
            ));
        }
        if existing_range == Range::OneSevenTwo && contains(&DEFAULT_VPC, &new) {
            return Err(mix("a VPC in 172.16.0.0/12 cannot add 172.31.0.0/16"));
        }
        if is_rfc1918(existing_range) && new_range == Range::OneNineEight {
            return Err(mix("an RFC 1918 VPC cannot add 198.19.0.0/16"));
        }
        if existing_range == Range::OneNineEight && is_rfc1918(new_range) {
            return Err(mix("a VPC in 198.19.0.0/16 cannot add RFC 1918 blocks"));
        }
        if existing_range == Range::Other && is_rfc1918(new_range) {
            return Err(mix(
                "a VPC with public or 100.64.0.0/10 blocks cannot add RFC 1918 blocks",
            ));
        }
        if existing_range == Range::Other && new_range == Range::OneNineEight {
            return Err(mix(
                "a VPC with public or 100.64.0.0/10 blocks cannot add 198.19.0.0/16",
            ));
        }
    }
    Ok(())
}

/// Advice about a block AWS accepts but recommends against (§1.3). Warning level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Advisory {
    /// The block overlaps 172.17.0.0/16 (Docker, Cloud9 and SageMaker use it).
    #[error(
        "{block} uses addresses in 172.17.0.0/16, which AWS advises against: Docker, Cloud9 and SageMaker use that range"
    )]
    DockerBridge {
        /// The block.
        block: Ipv4Net,
    },
    /// The block is outside RFC 1918; allowed, but AWS recommends private ranges, and a public
    /// range used inside a VPC shadows those addresses on the internet.
    #[error(
        "{block} is outside the RFC 1918 private ranges (10/8, 172.16/12, 192.168/16) that AWS recommends"
    )]
    NotRfc1918 {
        /// The block.
        block: Ipv4Net,
    },
}

/// Advisories for a VPC or subnet IPv4 block (§1.3), in a fixed order; empty when none apply.
///
/// ```
/// use vpcsim_model::addressing::{Advisory, advisories};
/// assert!(advisories("10.0.0.0/16".parse().unwrap()).is_empty());
/// let advice = advisories("172.17.0.0/16".parse().unwrap());
/// assert!(matches!(advice[0], Advisory::DockerBridge { .. }));
/// ```
pub fn advisories(block: Ipv4Net) -> Vec<Advisory> {
    let block = block.trunc();
    let mut out = Vec::new();
    if overlaps(&block, &DOCKER_BRIDGE) {
        out.push(Advisory::DockerBridge { block });
    }
    if !is_rfc1918(range_of(&block)) {
        out.push(Advisory::NotRfc1918 { block });
    }
    out
}

/// The longest IPv4 subnet prefix (the smallest block) that holds `hosts` instances: the
/// smallest n with 2^(32−n) − 5 ≥ hosts (§1.10), but never longer than /28 (§1.9). `None`
/// when even a /16 is too small (more than 65,531 hosts).
///
/// ```
/// use vpcsim_model::addressing::prefix_for_hosts;
/// assert_eq!(prefix_for_hosts(500), Some(23)); // 512 − 5 = 507
/// assert_eq!(prefix_for_hosts(251), Some(24));
/// assert_eq!(prefix_for_hosts(252), Some(23)); // a /24 holds 254 by the textbook, 251 in AWS
/// assert_eq!(prefix_for_hosts(3), Some(28));   // /28 is the smallest AWS subnet
/// assert_eq!(prefix_for_hosts(65_532), None);
/// ```
pub fn prefix_for_hosts(hosts: u64) -> Option<u8> {
    (SUBNET_MIN_PREFIX..=SUBNET_MAX_PREFIX)
        .rev()
        .find(|len| usable_count(*len) >= hosts)
}

/// What an address is in an AWS subnet: one of the five reserved addresses, or usable host
/// number `index` (1-based, counting from base + 4) of `of` (§1.10, §1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HostRole {
    /// One of the five reserved addresses.
    Reserved(ReservedRole),
    /// An address an instance can get: the `index`-th of `of`.
    Usable {
        /// 1 for base + 4.
        index: u128,
        /// The usable count of the block.
        of: u128,
    },
    /// The block is too small to hold the five reserved addresses (IPv4 /30 and longer): AWS
    /// has no subnet of this size, so the address has no AWS role.
    NoSubnet,
}

/// The AWS role of `address` in `subnet` (`None` when the address is outside the subnet).
///
/// ```
/// use vpcsim_model::addressing::{HostRole, ReservedRole, host_role};
/// let subnet = "10.0.1.0/24".parse().unwrap();
/// assert_eq!(host_role(subnet, "10.0.1.5".parse().unwrap()), Some(HostRole::Usable { index: 2, of: 251 }));
/// assert_eq!(host_role(subnet, "10.0.1.1".parse().unwrap()), Some(HostRole::Reserved(ReservedRole::VpcRouter)));
/// assert_eq!(host_role(subnet, "10.0.2.1".parse().unwrap()), None);
/// ```
pub fn host_role(subnet: IpNet, address: std::net::IpAddr) -> Option<HostRole> {
    let (base, last, offset, usable, reserved): (
        u128,
        u128,
        u128,
        u128,
        Option<[ReservedRole; 5]>,
    ) = match (subnet, address) {
        (IpNet::V4(net), std::net::IpAddr::V4(addr)) if net.contains(&addr) => {
            let net = net.trunc();
            (
                u128::from(u32::from(net.network())),
                u128::from(u32::from(net.broadcast())),
                u128::from(u32::from(addr)),
                u128::from(usable_count(net.prefix_len())),
                reserved_addresses(net).map(|all| all.map(|r| r.role)),
            )
        }
        (IpNet::V6(net), std::net::IpAddr::V6(addr)) if net.contains(&addr) => {
            let net = net.trunc();
            (
                u128::from(net.network()),
                u128::from(net.broadcast()),
                u128::from(addr),
                usable_count_v6(net.prefix_len()),
                reserved_addresses_v6(net).map(|all| all.map(|r| r.role)),
            )
        }
        _ => return None,
    };
    let Some(roles) = reserved else {
        return Some(HostRole::NoSubnet);
    };
    let from_base = offset - base;
    Some(if from_base < 4 {
        HostRole::Reserved(roles[usize::try_from(from_base).unwrap_or(0)])
    } else if offset == last {
        HostRole::Reserved(roles[4])
    } else {
        HostRole::Usable {
            index: from_base - 3,
            of: usable,
        }
    })
}

/// What AWS makes of global unicast IPv6, in place of the IPv4 "public" line (docs/semantics.md
/// §16.1): VPC blocks are Amazon-provided global /56s, and their addresses are public as is.
pub const IPV6_GLOBAL_CONSEQUENCE: &str = "global unicast: Amazon-provided VPC blocks (/56) come \
     from here, and their addresses are public as they are — an interface with one, in a subnet \
     routing ::/0 to an internet gateway, is reachable from the internet without a public IPv4 or \
     NAT (use an egress-only internet gateway for outbound-only)";

/// What AWS makes of a kind of range in a given family: [`range_consequence`], except that
/// global unicast IPv6 gets [`IPV6_GLOBAL_CONSEQUENCE`].
pub fn range_consequence_in(kind: vpcsim_cidr::special::Kind, ipv6: bool) -> &'static str {
    if ipv6 && kind == vpcsim_cidr::special::Kind::Public {
        IPV6_GLOBAL_CONSEQUENCE
    } else {
        range_consequence(kind)
    }
}

/// What AWS makes of a kind of range: one line for the teaching view, in plain words (the
/// rules are docs/semantics.md §1.3 private and public ranges, §1.4 link-local, §1.7 mixing
/// blocks, §1.10 the resolver and metadata addresses, §1.11 IPv6, §2.5 the default route). The kinds themselves are the IETF's (`vpcsim_cidr::special`).
///
/// ```
/// use vpcsim_cidr::special::Kind;
/// use vpcsim_model::addressing::range_consequence;
/// assert!(range_consequence(Kind::LinkLocal).contains("never"));
/// ```
pub fn range_consequence(kind: vpcsim_cidr::special::Kind) -> &'static str {
    use vpcsim_cidr::special::Kind;
    match kind {
        Kind::Anywhere => {
            "means \"anywhere\": as a route destination it is the default route (whatever no \
             longer route matches), as a security-group or NACL source or destination any \
             address; it is never a VPC or subnet block"
        }
        Kind::Private => {
            "the ranges AWS recommends for VPC blocks; not routed on the internet, so an \
             instance needs a public IP and an internet gateway, or a NAT gateway, to get out"
        }
        Kind::Shared => {
            "not routed on the internet; AWS accepts it as a VPC block and groups it with the \
             public ranges when mixing blocks"
        }
        Kind::LinkLocal => {
            "never usable as a VPC or subnet block, whatever its size; inside a VPC \
             169.254.169.254 is the instance metadata service and 169.254.169.253 the Amazon \
             DNS resolver"
        }
        Kind::Documentation => {
            "reserved for examples and never routed on the internet; fine in docs and tests, \
             not for a real VPC (vpcsim treats it as any non-RFC 1918 range)"
        }
        Kind::Benchmarking => {
            "198.19.0.0/16 inside it has its own row in AWS's block-mixing table; not \
             routed on the internet"
        }
        Kind::Public => {
            "globally routed; AWS accepts it as a VPC block but recommends RFC 1918: a \
             VPC using someone else's public addresses cannot reach the real owners of them"
        }
        Kind::UniqueLocal => {
            "private IPv6, not routed on the internet; Amazon-provided VPC blocks are global \
             /56s instead"
        }
        Kind::ThisNetwork
        | Kind::Loopback
        | Kind::IetfProtocol
        | Kind::Multicast
        | Kind::Reserved => {
            "not an address range hosts use on a network; do not use it in a VPC (pick an RFC \
             1918 block)"
        }
        _ => "no AWS rule is recorded for this range",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    #[test]
    fn vpc_block_bounds_are_16_to_28() {
        for len in 0..=32u8 {
            let net = IpNet::V4(Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), len).unwrap());
            let ok = (VPC_MIN_PREFIX..=VPC_MAX_PREFIX).contains(&len);
            assert_eq!(check_vpc_block(net).is_ok(), ok, "/{len}");
            assert_eq!(check_subnet_block(net).is_ok(), ok, "/{len}");
        }
    }

    #[test]
    fn refusal_messages_name_the_bounds() {
        let err = check_subnet_block("10.0.0.0/30".parse().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/30 is smaller than AWS allows for a subnet block (/16–/28)"
        );
    }

    #[test]
    fn link_local_is_never_usable() {
        let err = check_vpc_block("169.254.0.0/16".parse().unwrap()).unwrap_err();
        assert!(matches!(err, Reason::LinkLocal { .. }));
        assert_eq!(
            err.to_string(),
            "169.254.0.0/16 is link-local (inside 169.254.0.0/16), which is never usable in a VPC, whatever the block's size"
        );
        let err = check_vpc_block("169.0.0.0/8".parse().unwrap()).unwrap_err();
        assert!(matches!(err, Reason::TooLarge { .. }), "{err}");
        assert!(check_subnet_block("169.254.10.0/24".parse().unwrap()).is_err());
    }

    #[test]
    fn ipv6_vpc_is_56_and_subnet_is_64() {
        assert!(check_vpc_block("2001:db8::/56".parse().unwrap()).is_ok());
        let err = check_vpc_block("2001:db8::/48".parse().unwrap()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/48 is not allowed for an IPv6 VPC block: AWS uses /56"
        );
    }

    #[test]
    fn usable_counts_from_the_docs() {
        assert_eq!(usable_count(28), 11);
        assert_eq!(usable_count(24), 251);
        assert_eq!(usable_count(20), 4091);
        assert_eq!(usable_count(16), 65531);
        assert_eq!(usable_count(0), (1u64 << 32) - 5);
        assert_eq!(usable_count(29), 3);
        assert_eq!(usable_count(30), 0);
        assert_eq!(usable_count(32), 0);
        assert_eq!(usable_count(200), 0);
        assert_eq!(usable_count_v6(125), 3);
        assert_eq!(usable_count_v6(128), 0);
    }

    #[test]
    fn reserved_addresses_of_a_28() {
        let reserved = reserved_addresses(v4("10.0.0.16/28")).unwrap();
        let got: Vec<(String, &str)> = reserved
            .iter()
            .map(|r| (r.address.to_string(), r.role.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("10.0.0.16".to_owned(), "network"),
                ("10.0.0.17".to_owned(), "vpc-router"),
                ("10.0.0.18".to_owned(), "amazon-dns"),
                ("10.0.0.19".to_owned(), "future-use"),
                ("10.0.0.31".to_owned(), "broadcast"),
            ]
        );
        assert_eq!(
            first_usable(v4("10.0.0.16/28")),
            Some(Ipv4Addr::new(10, 0, 0, 20))
        );
        assert_eq!(
            last_usable(v4("10.0.0.16/28")),
            Some(Ipv4Addr::new(10, 0, 0, 30))
        );
        assert!(reserved_addresses(v4("10.0.0.0/30")).is_none());
        assert!(first_usable(v4("10.0.0.0/30")).is_none());
    }

    #[test]
    fn subnet_may_equal_a_vpc_block_but_not_span_two() {
        let vpc: Vec<IpNet> = vec![
            "10.0.0.0/16".parse().unwrap(),
            "10.1.0.0/16".parse().unwrap(),
        ];
        assert!(check_subnet_in_vpc(&vpc, "10.0.0.0/16".parse().unwrap()).is_ok());
        assert!(check_subnet_in_vpc(&vpc, "10.0.0.0/15".parse().unwrap()).is_err());
        assert!(check_subnet_in_vpc(&vpc, "2001:db8::/64".parse().unwrap()).is_err());
    }

    #[test]
    fn secondary_blocks_follow_the_mixing_table() {
        let ten = [v4("10.0.0.0/16")];
        assert!(matches!(
            check_secondary_block(&ten, v4("10.0.0.0/16")),
            Err(Reason::OverlapsExisting { .. })
        ));
        assert!(check_secondary_block(&ten, v4("10.5.0.0/16")).is_ok());
        assert!(check_secondary_block(&ten, v4("203.0.113.0/24")).is_ok());
        assert!(check_secondary_block(&ten, v4("192.168.0.0/16")).is_err());
        assert!(check_secondary_block(&ten, v4("198.19.0.0/16")).is_err());
        assert!(check_secondary_block(&ten, v4("10.0.0.0/15")).is_err()); // size
        // 10.0.0.0/15 rule: with 10.1.0.0/16 on the VPC, nothing in 10.0.0.0/16 may be added.
        let err = check_secondary_block(&[v4("10.1.0.0/16")], v4("10.0.4.0/24")).unwrap_err();
        assert!(err.to_string().contains("10.0.0.0/15"), "{err}");
        assert!(check_secondary_block(&[v4("10.2.0.0/16")], v4("10.0.4.0/24")).is_ok());

        let one_seven_two = [v4("172.16.0.0/16")];
        assert!(check_secondary_block(&one_seven_two, v4("172.20.0.0/16")).is_ok());
        assert!(check_secondary_block(&one_seven_two, v4("172.31.0.0/16")).is_err());
        assert!(check_secondary_block(&one_seven_two, v4("10.0.0.0/16")).is_err());

        let bench = [v4("198.19.0.0/16")];
        assert!(check_secondary_block(&bench, v4("10.0.0.0/16")).is_err());
        assert!(check_secondary_block(&bench, v4("100.64.0.0/16")).is_ok());

        let public = [v4("100.64.0.0/16")];
        assert!(check_secondary_block(&public, v4("192.168.0.0/20")).is_err());
        assert!(check_secondary_block(&public, v4("198.19.0.0/16")).is_err());
        assert!(check_secondary_block(&public, v4("203.0.113.0/24")).is_ok());
    }

    #[test]
    fn docker_range_is_an_advisory_not_a_refusal() {
        assert!(check_vpc_block("172.17.0.0/16".parse().unwrap()).is_ok());
        assert_eq!(
            advisories(v4("172.17.4.0/24")),
            [Advisory::DockerBridge {
                block: v4("172.17.4.0/24")
            }]
        );
        assert!(matches!(
            advisories(v4("203.0.113.0/24"))[..],
            [Advisory::NotRfc1918 { .. }]
        ));
    }
}
