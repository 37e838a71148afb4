//! The same order summary as `snippets/python/02_orders_by_region.py`, in Rust
//! with the standard library only. It prints the same table; it also has to
//! say, at every step, what happens when the input is not what it expects.

// ANCHOR: summary
use std::collections::HashMap;

const ORDERS: &str = "\
order_id,region,amount
1001,north,120.50
1002,south,80.00
1003,north,42.25
1004,east,310.00
1005,south,99.90
1006,north,57.75
1007,east,12.40
";

/// Map each region to the list of its order amounts.
fn amounts_by_region(text: &str) -> Result<HashMap<String, Vec<f64>>, String> {
    let mut groups: HashMap<String, Vec<f64>> = HashMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let [_, region, amount] = fields[..] else {
            return Err(format!("line {}: expected 3 fields", n + 1));
        };
        let amount: f64 = amount
            .parse()
            .map_err(|e| format!("line {}: bad amount {amount:?}: {e}", n + 1))?;
        groups.entry(region.to_string()).or_default().push(amount);
    }
    Ok(groups)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() % 2 {
        1 => sorted[mid],
        _ => (sorted[mid - 1] + sorted[mid]) / 2.0,
    }
}

/// One line per region, largest total first.
fn report(groups: &HashMap<String, Vec<f64>>) -> String {
    let mut rows: Vec<(&String, &Vec<f64>)> = groups.iter().collect();
    rows.sort_by(|a, b| {
        let (ta, tb): (f64, f64) = (a.1.iter().sum(), b.1.iter().sum());
        tb.total_cmp(&ta)
    });
    let mut out = format!(
        "{:<8}{:>7}{:>10}{:>9}",
        "region", "orders", "total", "median"
    );
    for (region, amounts) in rows {
        let total: f64 = amounts.iter().sum();
        out += &format!(
            "\n{region:<8}{:>7}{total:>10.2}{:>9.2}",
            amounts.len(),
            median(amounts)
        );
    }
    out
}

fn main() {
    match amounts_by_region(ORDERS) {
        Ok(groups) => println!("{}", report(&groups)),
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: summary

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_same_table_as_the_python_script() {
        let groups = amounts_by_region(ORDERS).unwrap();
        let expected = "\
region   orders     total   median
east          2    322.40   161.20
north         3    220.50    57.75
south         2    179.90    89.95";
        assert_eq!(report(&groups), expected);
    }

    #[test]
    fn median_of_odd_and_even_lengths() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn a_bad_amount_is_an_error_with_its_line_number() {
        let err = amounts_by_region("order_id,region,amount\n1,north,lots\n").unwrap_err();
        assert!(err.starts_with("line 2: bad amount \"lots\""), "{err}");
    }

    #[test]
    fn a_short_row_is_an_error() {
        let err = amounts_by_region("order_id,region,amount\n1,north\n").unwrap_err();
        assert_eq!(err, "line 2: expected 3 fields");
    }
}
