//! A first exercise in porting: summarise a list of readings, where a
//! Python function would return `None` for an empty list.

// ANCHOR: summary
#[derive(Debug, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub low: f64,
    pub high: f64,
    pub mean: f64,
}

/// Returns `None` for an empty slice instead of dividing by zero.
pub fn summarise(readings: &[f64]) -> Option<Summary> {
    let (&first, rest) = readings.split_first()?;
    let (mut low, mut high, mut total) = (first, first, first);
    for &r in rest {
        low = low.min(r);
        high = high.max(r);
        total += r;
    }
    Some(Summary {
        count: readings.len(),
        low,
        high,
        mean: total / readings.len() as f64,
    })
}
// ANCHOR_END: summary

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_gives_none() {
        assert_eq!(summarise(&[]), None);
    }

    #[test]
    fn summarises_readings() {
        let s = summarise(&[21.5, 19.0, 23.5]).expect("non-empty");
        assert_eq!(s.count, 3);
        assert_eq!(s.low, 19.0);
        assert_eq!(s.high, 23.5);
        assert!((s.mean - 21.333_333).abs() < 1e-6);
    }

    #[test]
    fn single_reading_is_its_own_mean() {
        let s = summarise(&[4.0]).expect("non-empty");
        assert_eq!((s.low, s.high, s.mean), (4.0, 4.0, 4.0));
    }
}
