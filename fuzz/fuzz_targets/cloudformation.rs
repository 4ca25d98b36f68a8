//! A CloudFormation template (YAML with short-form tags, or JSON): parsing, evaluating
//! intrinsics, importing and resolving must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = vpcsim_import::import_cloudformation(
        text,
        std::path::Path::new("t.yaml"),
        &vpcsim_import::CfnOptions::default(),
    ) {
        let _ = vpcsim_model::resolve(&imported.document);
    }
});
