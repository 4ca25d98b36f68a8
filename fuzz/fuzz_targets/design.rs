//! A design file, as YAML (fast path or serde-saphyr) and as JSON: loading, resolving, building
//! the engine and linting must never panic, whatever the bytes. The first byte picks the syntax.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vpcsim_model::{SourceFile, load};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if first % 2 == 0 { "f.yaml" } else { "f.json" };
    let loaded = load(&SourceFile {
        name: name.into(),
        text: text.to_owned(),
    });
    if let Some(model) = loaded.model
        && !loaded
            .diagnostics
            .iter()
            .any(|d| d.severity == vpcsim_model::Severity::Error)
    {
        let engine = vpcsim_reach::Engine::new(&model);
        let _ = vpcsim_reach::check_expectations(&engine);
        let _ = vpcsim_lint::lint(&model);
    }
});
