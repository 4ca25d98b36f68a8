//! Small network analyses several rules share: longest-prefix route lookup, first-match NACL
//! evaluation over port ranges, and internet exposure of an interface.

pub(crate) mod exposure;
pub(crate) mod nacl_eval;
pub(crate) mod route_lookup;
pub(crate) mod sg_eval;
