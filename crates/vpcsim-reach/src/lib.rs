//! vpcsim's packet engine: AWS VPC semantics for one flow, with the rule behind every hop.
//!
//! Build an [`Engine`] once per model (it precomputes route LPM tables, subnet and ENI lookups
//! and the [`Topology`] graph), then ask [`Engine::query`] a [`Query`]. The [`Answer`] holds ids
//! only; [`AnswerView`] resolves them to names, rule texts and spans for output (the documented
//! JSON shape). Filter decisions live in small pure modules ([`security_group`],
//! [`network_acl`], [`route`], [`igw`], [`nat`], [`load_balancer`], [`tgw`], [`vpn`], [`service`]) so that the symbolic
//! analysis of issue #5 reuses them instead of copying them. No IO, no printing, no failure on
//! a valid model.

pub mod answer;
pub mod code;
mod engine;
pub mod expectations;
pub mod graph;
pub mod igw;
pub mod load_balancer;
pub mod nat;
pub mod network_acl;
pub mod query;
pub mod route;
pub mod security_group;
pub mod service;
pub mod tgw;
pub mod view;
pub mod vpn;
mod walk;

pub use answer::{
    Answer, Blocker, Component, Direction, Flow, Header, Hop, NotModelled, Packet, ReplyPacket,
    RuleRef, Step, Verdict,
};
pub use code::Code;
pub use engine::Engine;
pub use expectations::{ExpectationResult, check_expectations};
pub use graph::Topology;
pub use query::{
    EndpointError, Family, INTERNET_ADDRESS, INTERNET_ADDRESS_V6, Query, QueryEndpoint,
    endpoint_family, parse_endpoint, parse_protocol, parse_query,
};
pub use view::AnswerView;
