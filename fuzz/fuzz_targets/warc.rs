#![no_main]
//! Any bytes as a WARC file: no panic, every record's content is exactly its Content-Length
//! (or passed over when it is over the cap),
//! and the documents of the same bytes behind a WARC version line come out without panic.

use libfuzzer_sys::fuzz_target;
use newsclean::source::warc::{Record, WarcReader};
use newsclean::source::Input;

fuzz_target!(|data: &[u8]| {
    let mut reader = WarcReader::new(data);
    let mut record = Record::default();
    while let Ok(true) = reader.next_record(&mut record) {
        let length: u64 = record.header("Content-Length").unwrap().trim().parse().unwrap();
        // A record over the cap is passed over unread.
        let expected = if record.too_large { 0 } else { length };
        assert_eq!(record.block.len() as u64, expected);
    }
    let mut warc = b"WARC/1.0\r\n".to_vec();
    warc.extend_from_slice(data);
    let input = Input::from_reader("fuzz".into(), std::io::Cursor::new(warc)).unwrap();
    let mut documents = input.documents(false);
    while let Ok(Some(_)) = documents.next_document() {}
});
