//! Typed ids: one newtype per resource kind, each an index into the [`crate::Model`]'s arena of
//! that kind. Ids never cross models; names are for people, ids are for code.

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The arena index.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the arena slot `index`.
            pub fn from_index(index: usize) -> Self {
                // Invariant: arenas are far below 2^32 entries (loading refuses bigger inputs).
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }
        }
    )*};
}

typed_id!(
    /// A VPC.
    VpcId,
    /// A subnet.
    SubnetId,
    /// A route table.
    RouteTableId,
    /// An internet gateway.
    IgwId,
    /// A NAT gateway.
    NatId,
    /// A security group.
    SgId,
    /// A network ACL.
    NaclId,
    /// An EC2 instance.
    InstanceId,
    /// A network interface (every addressable thing has one).
    EniId,
    /// A load balancer.
    LbId,
    /// A target group.
    TgId,
    /// An RDS DB instance.
    DbId,
    /// An ElastiCache cluster.
    CacheId,
    /// A VPC endpoint.
    EndpointId,
    /// A VPC peering connection.
    PeeringId,
    /// A transit gateway.
    TgwId,
    /// A transit gateway attachment.
    TgwAttachmentId,
    /// A transit gateway route table.
    TgwRouteTableId,
    /// A transit gateway peering attachment (§15.4).
    TgwPeeringId,
    /// A prefix list.
    PrefixListId,
);
