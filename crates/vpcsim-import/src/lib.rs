//! vpcsim-import (being built).
