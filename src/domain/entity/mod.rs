//! One entity's items in the limiter table: their keys, typed items parsed
//! from plain values, the client's refill arithmetic and the integrity rules.

pub mod chain;
pub mod integrity;
pub mod items;
pub mod keys;
pub mod refill;
pub mod reset;
pub mod value;
