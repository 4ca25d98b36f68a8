//! `terraform show -json` text (any encoding after decoding): importing and resolving must never
//! panic; a refusal is an error value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = vpcsim_import::decode_text(data) else {
        return;
    };
    if let Ok(imported) = vpcsim_import::import_terraform(&text) {
        let _ = vpcsim_model::resolve(&imported.document);
    }
});
