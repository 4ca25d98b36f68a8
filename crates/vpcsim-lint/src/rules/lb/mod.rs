//! `lb` rules: one file per rule.

pub(crate) mod alb_subnet_too_small;
pub(crate) mod internal_lb_open_to_world;
pub(crate) mod internet_facing_lb_in_private_subnet;
pub(crate) mod lb_az_without_targets;
pub(crate) mod lb_sg_egress_blocks_targets;
pub(crate) mod nlb_targets_unreachable_without_sg;
pub(crate) mod target_in_disabled_az;
pub(crate) mod target_sg_blocks_lb;
