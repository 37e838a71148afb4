// ANCHOR: typing
/// The unit of a reading is part of its type, so mixing them up is a
/// compile error rather than a wrong number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Temperature {
    Celsius(f64),
    Fahrenheit(f64),
}

fn to_celsius(t: Temperature) -> f64 {
    match t {
        Temperature::Celsius(c) => c,
        Temperature::Fahrenheit(f) => (f - 32.0) * 5.0 / 9.0,
    }
}

fn average_celsius(readings: &[Temperature]) -> Option<f64> {
    if readings.is_empty() {
        return None;
    }
    let total: f64 = readings.iter().map(|&t| to_celsius(t)).sum();
    Some(total / readings.len() as f64)
}

fn main() {
    // Types of local variables are inferred; signatures are always written.
    let readings = vec![Temperature::Celsius(20.0), Temperature::Fahrenheit(77.0)];
    println!("{:?}", average_celsius(&readings)); // Some(22.5)

    // average_celsius(&[20.0, 25.0]);
    // error[E0308]: mismatched types
    //     expected `Temperature`, found floating-point number
}
// ANCHOR_END: typing

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_averages() {
        let readings = [Temperature::Celsius(20.0), Temperature::Fahrenheit(77.0)];
        assert_eq!(average_celsius(&readings), Some(22.5));
        assert_eq!(to_celsius(Temperature::Fahrenheit(212.0)), 100.0);
    }

    #[test]
    fn empty_has_no_average() {
        assert_eq!(average_celsius(&[]), None);
    }
}
