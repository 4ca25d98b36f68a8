//! CIDR strings (strict and lenient, v4 and v6, with the split/contains algebra) and endpoint
//! strings of `reach --from/--to` against a small design: never a panic.
#![no_main]

use std::sync::OnceLock;

use ipnet::{Ipv4Net, Ipv6Net};
use libfuzzer_sys::fuzz_target;
use vpcsim_model::{Model, SourceFile, load};

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = "version: 1\nregion: eu-west-1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      a: { cidr: 10.0.0.0/24, az: eu-west-1a }\n    instances:\n      web: { subnet: a }\n";
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
    let _ = vpcsim_reach::parse_endpoint(model(), text);
});
