use std::sync::Mutex;
use std::thread;

use rayon::prelude::*;

// ANCHOR: scoped
/// Sum of squares, split across `workers` scoped threads.
fn sum_of_squares(numbers: &[u64], workers: usize) -> u64 {
    let chunk = numbers.len().div_ceil(workers).max(1);
    let total = Mutex::new(0u64);
    // Scoped threads may borrow `numbers` and `total`: the scope waits for
    // every thread before it returns, so the borrows cannot outlive the data.
    thread::scope(|s| {
        for part in numbers.chunks(chunk) {
            let total = &total;
            s.spawn(move || {
                let partial: u64 = part.iter().map(|n| n * n).sum();
                *total.lock().unwrap() += partial;
            });
        }
    });
    total.into_inner().unwrap()
}
// ANCHOR_END: scoped

// ANCHOR: rayon
/// The same with rayon: a parallel iterator over a work-stealing pool.
fn sum_of_squares_rayon(numbers: &[u64]) -> u64 {
    numbers.par_iter().map(|n| n * n).sum()
}
// ANCHOR_END: rayon

fn main() {
    let numbers: Vec<u64> = (1..=1_000_000).collect();
    println!("{}", sum_of_squares(&numbers, 4));
    println!("{}", sum_of_squares_rayon(&numbers));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_versions_agree() {
        let numbers: Vec<u64> = (1..=10_000).collect();
        let expected: u64 = numbers.iter().map(|n| n * n).sum();
        assert_eq!(sum_of_squares(&numbers, 4), expected);
        assert_eq!(sum_of_squares(&numbers, 1), expected);
        assert_eq!(sum_of_squares(&[], 3), 0);
        assert_eq!(sum_of_squares_rayon(&numbers), expected);
    }
}
