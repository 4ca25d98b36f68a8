//! `route` rules: one file per rule.

pub(crate) mod blackhole_route;
pub(crate) mod cross_az_nat_route;
pub(crate) mod egress_only_igw_without_route;
pub(crate) mod ipv6_default_route_to_igw_in_private_subnet;
pub(crate) mod missing_gateway_endpoint_route;
pub(crate) mod nat_gateway_without_igw_route;
pub(crate) mod nat_route_loop;
pub(crate) mod one_sided_peering_routes;
pub(crate) mod private_nat_routed_to_igw;
pub(crate) mod public_ip_without_igw_route;
pub(crate) mod public_subnet_without_public_ips;
pub(crate) mod route_to_inactive_peering;
pub(crate) mod source_dest_check_on_route_target;
pub(crate) mod unused_route_table;
pub(crate) mod vpn_route_not_covered;
