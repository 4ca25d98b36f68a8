//! CIDR strings (strict and lenient, v4 and v6, with the split/contains algebra) and endpoint
//! strings of `reach --from/--to` against a small dual-stack design, each parsed endpoint then
//! asked both ways over both families (IGW, egress-only IGW, NAT64): never a panic.
#![no_main]

use std::sync::OnceLock;

use ipnet::{Ipv4Net, Ipv6Net};
use libfuzzer_sys::fuzz_target;
use vpcsim_model::{Model, SourceFile, load};

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = "version: 1\nregion: eu-west-1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    ipv6_cidr: 2a05:d018:1:aa00::/56\n    internet_gateway: igw\n    egress_only_internet_gateway: eigw\n    subnets:\n      a: { cidr: 10.0.0.0/24, ipv6_cidr: \"2a05:d018:1:aa00::/64\", az: eu-west-1a, route_table: public, assign_ipv6_address_on_creation: true }\n      b: { cidr: 10.0.1.0/24, ipv6_cidr: \"2a05:d018:1:aa01::/64\", az: eu-west-1a, route_table: private, assign_ipv6_address_on_creation: true }\n    nat_gateways:\n      nat: { subnet: a }\n    route_tables:\n      public: { routes: [ { to: 0.0.0.0/0, via: igw }, { to: \"::/0\", via: igw } ] }\n      private: { routes: [ { to: 0.0.0.0/0, via: nat }, { to: \"64:ff9b::/96\", via: nat }, { to: \"::/0\", via: eigw } ] }\n    security_groups:\n      open: { ingress: [ { proto: all, from: 0.0.0.0/0 }, { proto: all, from: \"::/0\" } ] }\n    instances:\n      web: { subnet: a, security_groups: [open], public_ip: true }\n      app: { subnet: b, security_groups: [open] }\n";
        load(&SourceFile {
            name: "m.yaml".into(),
            text: text.into(),
        })
        .model
        .expect("the fixed design loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(net) = vpcsim_cidr::parse::<Ipv4Net>(text) {
        let _ = vpcsim_cidr::split(&net, net.prefix_len().saturating_add(2).min(32));
    }
    let _ = vpcsim_cidr::parse_lenient::<Ipv4Net>(text);
    let _ = vpcsim_cidr::parse::<Ipv6Net>(text);
    if let Ok((end, port)) = vpcsim_reach::parse_endpoint(model(), text) {
        let engine = engine();
        for family in [vpcsim_reach::Family::V4, vpcsim_reach::Family::V6] {
            for (from, to) in [
                (vpcsim_reach::QueryEndpoint::Internet, end),
                (end, vpcsim_reach::QueryEndpoint::Internet),
                (end, app()),
            ] {
                let query = vpcsim_reach::Query {
                    from,
                    to,
                    protocol: vpcsim_model::Protocol::TCP,
                    port: Some(port.unwrap_or(443)),
                    family,
                };
                let answer = engine.query(&query);
                let _ = vpcsim_reach::AnswerView::new(model(), &query, &answer);
            }
        }
    }
});

fn engine() -> &'static vpcsim_reach::Engine<'static> {
    static ENGINE: OnceLock<vpcsim_reach::Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| vpcsim_reach::Engine::new(model()))
}

fn app() -> vpcsim_reach::QueryEndpoint {
    vpcsim_reach::QueryEndpoint::Resource(model().resource_by_name("app").expect("app exists"))
}
