// ANCHOR: ownership
/// Borrows the words: the caller keeps ownership.
fn total_len(words: &[String]) -> usize {
    words.iter().map(|w| w.len()).sum()
}

/// Takes ownership and hands back a new vector.
fn shout(words: Vec<String>) -> Vec<String> {
    words.into_iter().map(|w| w.to_uppercase()).collect()
}

/// Appends through a mutable borrow: only one may exist at a time.
fn add_word(words: &mut Vec<String>, word: &str) {
    words.push(word.to_string());
}

struct Connection(&'static str);

impl Drop for Connection {
    fn drop(&mut self) {
        println!("closing {}", self.0);
    }
}

fn main() {
    let mut words = vec!["crab".to_string(), "snake".to_string()];
    add_word(&mut words, "lock");
    println!("{} letters", total_len(&words)); // lent, still ours

    let loud = shout(words); // moved: `words` cannot be used below
    // println!("{words:?}"); // error[E0382]: borrow of moved value: `words`
    println!("{loud:?}");

    let copy = loud.clone(); // an explicit, visible copy
    println!("{} and {} words", loud.len(), copy.len());

    {
        let _db = Connection("db");
        println!("using db");
    } // `_db` goes out of scope here, so `drop` runs here, every time
    println!("after the block");
}
// ANCHOR_END: ownership

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrow_then_move() {
        let mut words = vec!["ab".to_string()];
        add_word(&mut words, "cde");
        assert_eq!(total_len(&words), 5);
        assert_eq!(shout(words), vec!["AB".to_string(), "CDE".to_string()]);
    }
}
