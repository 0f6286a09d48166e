//! The dead-letter queue of the aggregator: what Lambda parks there when it gives up on
//! a batch of stream records, and the pure decisions of `dlq show` and `dlq redrive`.

pub mod event;
pub mod filter;
pub mod parked;
pub mod verdict;
