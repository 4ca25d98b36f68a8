//! Source locations and the `Loc<T>` wrapper used by every schema field a diagnostic points at.
//!
//! serde-saphyr's `Spanned<T>` carries two 28-byte locations; an estate of 100k ENIs would pay
//! that on every scalar. `Loc<T>` keeps one compact [`Span`] and compares by value only, so it
//! can key an `IndexMap` and be sorted, which `Spanned` cannot.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Index of a source file in the [`crate::SourceMap`] of one load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct FileId(pub u32);

/// A place in a source file: 1-based line and column (in characters), plus byte offset and
/// length for snippet rendering. `line == 0` means "unknown" (JSON input, generated values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Source file.
    pub file: FileId,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Byte offset of the first byte, when known.
    pub offset: u32,
    /// Length in bytes (0 when unknown).
    pub len: u32,
}

impl Span {
    /// The unknown span (no file position).
    pub const UNKNOWN: Span = Span {
        file: FileId(0),
        line: 0,
        column: 0,
        offset: 0,
        len: 0,
    };

    /// Whether this span points at a real position.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    fn from_saphyr(location: serde_saphyr::Location) -> Span {
        let span = location.span();
        Span {
            file: FileId(0),
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: span
                .byte_offset()
                .and_then(|o| u32::try_from(o).ok())
                .unwrap_or(0),
            len: span
                .byte_len()
                .and_then(|l| u32::try_from(l).ok())
                .unwrap_or(0),
        }
    }
}

/// A value with the place it was written. Equality, ordering and hashing look at the value only.
#[derive(Debug, Clone, Default)]
pub struct Loc<T> {
    /// The value.
    pub value: T,
    /// Where it was written ([`Span::UNKNOWN`] for JSON and generated documents).
    pub span: Span,
}

impl<T> Loc<T> {
    /// A value with no source position (importers, generators, tests).
    pub fn new(value: T) -> Self {
        Loc {
            value,
            span: Span::UNKNOWN,
        }
    }

    /// A value at a known position.
    pub fn at(value: T, span: Span) -> Self {
        Loc { value, span }
    }
}

impl<T> From<T> for Loc<T> {
    fn from(value: T) -> Self {
        Loc::new(value)
    }
}

impl From<&str> for Loc<String> {
    fn from(value: &str) -> Self {
        Loc::new(value.to_owned())
    }
}

impl<T> std::ops::Deref for Loc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl std::borrow::Borrow<str> for Loc<String> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Loc<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<T: Eq> Eq for Loc<T> {}
impl<T: Hash> Hash for Loc<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}
impl<T: PartialOrd> PartialOrd for Loc<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}
impl<T: Ord> Ord for Loc<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

/// How `Loc<T>` finds the position of the value it wraps; set per deserialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpanMode {
    /// serde-saphyr's span protocol (`Spanned<T>`); the default.
    Saphyr,
    /// No positions (JSON): read `T` directly, which is measurably faster on large estates.
    Plain,
    /// vpcsim's own YAML fast path (`crate::yaml_fast`): it hands the span over in
    /// [`NEXT_SPAN`] through a newtype-struct call named [`LOC_TOKEN`].
    Fast,
}

thread_local! {
    static MODE: std::cell::Cell<SpanMode> = const { std::cell::Cell::new(SpanMode::Saphyr) };
    /// The span the fast-path deserializer set just before calling `visit_newtype_struct`;
    /// taken (reset to unknown) by the `Loc` visitor, so a value that did not come through
    /// that call (buffered by an untagged enum, say) gets no stale position.
    static NEXT_SPAN: std::cell::Cell<Span> = const { std::cell::Cell::new(Span::UNKNOWN) };
}

/// The newtype-struct name through which `Loc<T>` asks the fast-path deserializer for a span.
pub(crate) const LOC_TOKEN: &str = "$vpcsim::Loc";

fn with_mode<R>(mode: SpanMode, f: impl FnOnce() -> R) -> R {
    struct Reset(SpanMode);
    impl Drop for Reset {
        fn drop(&mut self) {
            MODE.with(|m| m.set(self.0));
        }
    }
    let _reset = Reset(MODE.with(|m| m.replace(mode)));
    f()
}

/// Runs `f` with span capture off (for deserializers that carry no positions, like JSON).
pub(crate) fn without_spans<R>(f: impl FnOnce() -> R) -> R {
    with_mode(SpanMode::Plain, f)
}

/// Runs `f` with spans handed over by the YAML fast path ([`set_next_span`]).
pub(crate) fn with_fast_spans<R>(f: impl FnOnce() -> R) -> R {
    with_mode(SpanMode::Fast, f)
}

/// Called by the fast-path deserializer right before `visit_newtype_struct` for [`LOC_TOKEN`].
pub(crate) fn set_next_span(span: Span) {
    NEXT_SPAN.with(|next| next.set(span));
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loc<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match MODE.with(std::cell::Cell::get) {
            SpanMode::Plain => T::deserialize(deserializer).map(Loc::new),
            SpanMode::Fast => deserializer
                .deserialize_newtype_struct(LOC_TOKEN, LocVisitor(std::marker::PhantomData)),
            SpanMode::Saphyr => {
                // With serde-saphyr this yields the value's location; other deserializers fall
                // back to the plain value and an unknown location.
                let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
                Ok(Loc {
                    value: spanned.value,
                    span: Span::from_saphyr(spanned.referenced),
                })
            }
        }
    }
}

struct LocVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for LocVisitor<T> {
    type Value = Loc<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Loc<T>, D::Error> {
        let span = NEXT_SPAN.with(|next| next.replace(Span::UNKNOWN));
        T::deserialize(deserializer).map(|value| Loc { value, span })
    }
}

impl<T: Serialize> Serialize for Loc<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Loc<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
