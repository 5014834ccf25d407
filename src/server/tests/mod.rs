//! Unit tests of the server's pure parts (no sockets).

mod routing;
