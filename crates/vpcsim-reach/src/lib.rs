//! vpcsim-reach (being built).
