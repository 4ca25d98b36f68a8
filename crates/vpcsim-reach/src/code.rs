//! Explanation codes of blockers.
//!
//! Codes reuse AWS Reachability Analyzer's names where our semantics match (docs/semantics.md §11.9)
//! so users can search AWS's documentation for them; codes RA does not have are vpcsim's own and
//! are marked so in [`Code::is_reachability_analyzer`]. Codes are stable: never renamed or reused.

/// Why a packet is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// No security-group rule on the ENI admits the packet (§5.1).
    EniSgRulesMismatch,
    /// The subnet's NACL refuses the packet, in or out (§6.1).
    SubnetAclRestriction,
    /// No route matches the destination (§2.5).
    NoRouteToDestination,
    /// The matching route is a blackhole or its target is not active (§2.9).
    BadStateRoute,
    /// The address is inside the VPC but in no subnet (Batfish `NULL_ROUTED`).
    AddressNotInSubnet,
    /// The address is in a subnet but no ENI owns it (Batfish `NEIGHBOR_UNREACHABLE`).
    NoEniForAddress,
    /// The source has no public IP or EIP for the internet gateway (§3.5).
    IgwPublicIpAssociationForEgress,
    /// The inbound destination is not a public IP mapped to an ENI (§3.5).
    IgwPrivateIpAssociationForIngress,
    /// Inbound from an RFC 1918 source is dropped (§3.5).
    IgwSourceAddressNotInRfc1918Ingress,
    /// Inbound from an RFC 6598 source is dropped (§3.5).
    IgwSourceAddressNotInRfc6598Ingress,
    /// Outbound to an RFC 1918 destination is dropped (§3.5).
    IgwDestinationAddressNotInRfc1918Egress,
    /// Outbound to an RFC 6598 destination is dropped (§3.5).
    IgwDestinationAddressNotInRfc6598Egress,
    /// The gateway drops a source that is not the sender's own address (§3.5).
    GatewayRejectsSpoofedTraffic,
    /// The VPC owning the public address has no internet gateway (§3.2).
    NoInternetGateway,
    /// A NAT gateway takes only sources from its own VPC (§4.6).
    NgwRequiresSourceInVpc,
    /// The component accepts only some protocols (NAT GW: tcp/udp/icmp, §4.3).
    ProtocolRestriction,
    /// A NAT gateway accepts no connection initiated towards it (§4.2).
    NgwUnsolicitedInbound,
    /// A routing loop (the walk exceeded its hop budget).
    RoutingLoop,
    /// The ENI's source/destination check drops transit traffic (§4.9).
    EniSourceDestCheckRestriction,
    /// A peering carries only traffic to or from the peer VPC's CIDRs (§9.3).
    PcxRequiresAddressInVpcCidr,
    /// The VPC has no attachment to the transit gateway its route names.
    TgwNoAttachment,
    /// The TGW attachment has no subnet in the source's AZ (§9.5).
    TgwRouteAzRestriction,
    /// The TGW attachment is not associated with a TGW route table (§9.5).
    TgwAttachMissingTgwRtbAssociation,
    /// No TGW route matches the destination.
    TgwRtbCannotRoute,
    /// The TGW route is a blackhole.
    TgwRtbBadStateRoute,
    /// A gateway endpoint takes only TCP and ICMP (§9.6).
    VpceGatewayProtocolRestriction,
    /// No listener of the load balancer is on the destination port/protocol (§7.5).
    Elbv2ListenerPortRestriction,
    /// The listener's target group has no targets (§7.5).
    Elbv2ListenerHasNoTg,
    /// The target is in an AZ the load balancer does not enable (§7.4).
    ElbInstalledAzRestriction,
    /// Cross-zone is off and the target is in another AZ than the node (§7.4).
    ElbNotCrosszone,
    /// The reply would route elsewhere than the way the request came (§13 step 7).
    ReturnRouteAsymmetric,
    /// The source and destination are both outside the model.
    NoPath,
    /// The internet never carries this source: "this network", loopback, link-local, multicast
    /// or reserved space (§3.5).
    SourceNotRoutable,
    /// The internet never routes to this destination: "this network", loopback, link-local,
    /// multicast or reserved space (§3.5).
    DestinationNotRoutable,
    /// An IPv6 question, but the interface has no IPv6 address (§16.1).
    NoIpv6Address,
    /// The internet cannot open a connection through an egress-only internet gateway (§16.2).
    EigwUnsolicitedInbound,
    /// A NAT gateway translates IPv6 only to `64:ff9b::/96` destinations (NAT64, §16.4).
    NgwIpv6RequiresNat64Prefix,
    /// Routed to the virtual private gateway, but no VPN route covers the destination (§15.11;
    /// Batfish `NO_ROUTE` at the VGW).
    VpnNoRouteToDestination,
}

impl Code {
    /// The stable SCREAMING_SNAKE name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::EniSgRulesMismatch => "ENI_SG_RULES_MISMATCH",
            Code::SubnetAclRestriction => "SUBNET_ACL_RESTRICTION",
            Code::NoRouteToDestination => "NO_ROUTE_TO_DESTINATION",
            Code::BadStateRoute => "BAD_STATE_ROUTE",
            Code::AddressNotInSubnet => "ADDRESS_NOT_IN_SUBNET",
            Code::NoEniForAddress => "NO_ENI_FOR_ADDRESS",
            Code::IgwPublicIpAssociationForEgress => "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            Code::IgwPrivateIpAssociationForIngress => "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
            Code::IgwSourceAddressNotInRfc1918Ingress => {
                "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
            }
            Code::IgwSourceAddressNotInRfc6598Ingress => {
                "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS"
            }
            Code::IgwDestinationAddressNotInRfc1918Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
            }
            Code::IgwDestinationAddressNotInRfc6598Egress => {
                "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
            }
            Code::GatewayRejectsSpoofedTraffic => "GATEWAY_REJECTS_SPOOFED_TRAFFIC",
            Code::NoInternetGateway => "NO_INTERNET_GATEWAY",
            Code::NgwRequiresSourceInVpc => "NGW_REQUIRES_SOURCE_IN_VPC",
            Code::ProtocolRestriction => "PROTOCOL_RESTRICTION",
            Code::NgwUnsolicitedInbound => "NGW_UNSOLICITED_INBOUND",
            Code::RoutingLoop => "ROUTING_LOOP",
            Code::EniSourceDestCheckRestriction => "ENI_SOURCE_DEST_CHECK_RESTRICTION",
            Code::PcxRequiresAddressInVpcCidr => "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
            Code::TgwNoAttachment => "TGW_NO_ATTACHMENT",
            Code::TgwRouteAzRestriction => "TGW_ROUTE_AZ_RESTRICTION",
            Code::TgwAttachMissingTgwRtbAssociation => "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
            Code::TgwRtbCannotRoute => "TGW_RTB_CANNOT_ROUTE",
            Code::TgwRtbBadStateRoute => "TGW_RTB_BAD_STATE_ROUTE",
            Code::VpceGatewayProtocolRestriction => "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
            Code::Elbv2ListenerPortRestriction => "ELBV2_LISTENER_PORT_RESTRICTION",
            Code::Elbv2ListenerHasNoTg => "ELBV2_LISTENER_HAS_NO_TG",
            Code::ElbInstalledAzRestriction => "ELB_INSTALLED_AZ_RESTRICTION",
            Code::ElbNotCrosszone => "ELB_NOT_CROSSZONE",
            Code::ReturnRouteAsymmetric => "RETURN_ROUTE_ASYMMETRIC",
            Code::NoPath => "NO_PATH",
            Code::SourceNotRoutable => "SOURCE_NOT_ROUTABLE",
            Code::DestinationNotRoutable => "DESTINATION_NOT_ROUTABLE",
            Code::NoIpv6Address => "NO_IPV6_ADDRESS",
            Code::EigwUnsolicitedInbound => "EIGW_UNSOLICITED_INBOUND",
            Code::NgwIpv6RequiresNat64Prefix => "NGW_IPV6_REQUIRES_NAT64_PREFIX",
            Code::VpnNoRouteToDestination => "VPN_NO_ROUTE_TO_DESTINATION",
        }
    }

    /// Whether AWS Reachability Analyzer has a code of this name (else it is vpcsim's own).
    pub fn is_reachability_analyzer(self) -> bool {
        !matches!(
            self,
            Code::AddressNotInSubnet
                | Code::NoEniForAddress
                | Code::NoInternetGateway
                | Code::NgwUnsolicitedInbound
                | Code::RoutingLoop
                | Code::TgwNoAttachment
                | Code::ReturnRouteAsymmetric
                | Code::SourceNotRoutable
                | Code::DestinationNotRoutable
                | Code::NoIpv6Address
                | Code::EigwUnsolicitedInbound
                | Code::NgwIpv6RequiresNat64Prefix
                | Code::VpnNoRouteToDestination
        )
    }

    /// Every code, in declaration order (for docs and tests).
    pub const ALL: [Code; 38] = [
        Code::EniSgRulesMismatch,
        Code::SubnetAclRestriction,
        Code::NoRouteToDestination,
        Code::BadStateRoute,
        Code::AddressNotInSubnet,
        Code::NoEniForAddress,
        Code::IgwPublicIpAssociationForEgress,
        Code::IgwPrivateIpAssociationForIngress,
        Code::IgwSourceAddressNotInRfc1918Ingress,
        Code::IgwSourceAddressNotInRfc6598Ingress,
        Code::IgwDestinationAddressNotInRfc1918Egress,
        Code::IgwDestinationAddressNotInRfc6598Egress,
        Code::GatewayRejectsSpoofedTraffic,
        Code::NoInternetGateway,
        Code::NgwRequiresSourceInVpc,
        Code::ProtocolRestriction,
        Code::NgwUnsolicitedInbound,
        Code::RoutingLoop,
        Code::EniSourceDestCheckRestriction,
        Code::PcxRequiresAddressInVpcCidr,
        Code::TgwNoAttachment,
        Code::TgwRouteAzRestriction,
        Code::TgwAttachMissingTgwRtbAssociation,
        Code::TgwRtbCannotRoute,
        Code::TgwRtbBadStateRoute,
        Code::VpceGatewayProtocolRestriction,
        Code::Elbv2ListenerPortRestriction,
        Code::Elbv2ListenerHasNoTg,
        Code::ElbInstalledAzRestriction,
        Code::ElbNotCrosszone,
        Code::ReturnRouteAsymmetric,
        Code::NoPath,
        Code::SourceNotRoutable,
        Code::DestinationNotRoutable,
        Code::NoIpv6Address,
        Code::EigwUnsolicitedInbound,
        Code::NgwIpv6RequiresNat64Prefix,
        Code::VpnNoRouteToDestination,
    ];
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        }));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
