use std::collections::HashMap;

// ANCHOR: option
fn email_domain(users: &HashMap<u32, String>, id: u32) -> Option<&str> {
    let email = users.get(&id)?; // no such user: return None right away
    let (_, domain) = email.split_once('@')?; // no '@': None as well
    Some(domain)
}

fn main() {
    let users = HashMap::from([(1, "ada@example.org".to_string()), (2, "grace".to_string())]);

    for id in [1, 2, 3] {
        match email_domain(&users, id) {
            Some(domain) => println!("user {id}: {domain}"),
            None => println!("user {id}: no domain"),
        }
    }
    // Combinators instead of a match:
    let length = email_domain(&users, 1).map(str::len).unwrap_or(0);
    println!("length {length}");
}
// ANCHOR_END: option

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_or_none() {
        let users = HashMap::from([(1, "a@b.c".to_string()), (2, "nope".to_string())]);
        assert_eq!(email_domain(&users, 1), Some("b.c"));
        assert_eq!(email_domain(&users, 2), None);
        assert_eq!(email_domain(&users, 3), None);
    }
}
