//! Reads PHP arrays into the core's serde shapes in place: a serde `Deserializer` over the
//! engine's own values that borrows their strings, with no JSON text and no Rust maps in
//! between (encoding an order with `json_encode` and parsing the text again cost more than
//! mapping and encoding the invoice).
//!
//! It is a fast path with one promise: what it reads is exactly what the JSON route
//! (`json_encode` with the extension's flags, then serde_json) reads from the same array. What
//! it cannot read that way it declines, without saying why — a float that is not finite, text
//! that is not UTF-8, an object, a resource, nesting deeper than any order, a value of the
//! wrong shape — and the caller takes the JSON route, which accepts it or refuses it with the
//! field path and message it always had. So it follows both: a PHP list (as `array_is_list`
//! says, the empty array included) is a JSON array and any other array an object, integer
//! keys become their decimal text, a non-negative integer is visited as serde_json visits it
//! (`u64`), and each `deserialize_*` accepts the kinds of value serde_json's accepts.

use std::fmt;

use ext_php_rs::types::{ZendHashTable, Zval};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use engine::{Entry, Key, Slot, utf8};

/// Arrays nested deeper are left to the JSON route, which bounds nesting itself (serde_json at
/// 128 levels, `json_encode` at 512) and refuses a recursive array; an order nests four deep.
const MAX_DEPTH: u32 = 64;

/// The value cannot be read in place; the JSON route says why, or reads it.
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not readable in place")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    // The reason is dropped on purpose: the JSON route gives the one the caller sees.
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

/// One PHP value as JSON sees it. Whether an array is a list is asked only where it matters:
/// a skipped value needs no answer, and most arrays read are maps, answered at the first key.
#[derive(Clone, Copy)]
enum Plain<'de> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'de str),
    Array(&'de ZendHashTable),
}

fn is_list(plain: &Plain<'_>) -> bool {
    matches!(plain, Plain::Array(array) if engine::is_list(array))
}

fn is_map(plain: &Plain<'_>) -> bool {
    matches!(plain, Plain::Array(array) if !engine::is_list(array))
}

#[inline]
fn plain(zval: &Zval) -> Result<Plain<'_>, Declined> {
    // `json_encode` sees through references (one level: a reference never holds another).
    let slot = match engine::slot(zval) {
        Slot::Reference(target) => engine::slot(target),
        slot => slot,
    };
    Ok(match slot {
        Slot::Null => Plain::Null,
        Slot::Bool(value) => Plain::Bool(value),
        Slot::Int(value) => Plain::Int(value),
        // `json_encode` refuses NaN and the infinities, and text that is not UTF-8.
        Slot::Float(value) if value.is_finite() => Plain::Float(value),
        Slot::Text(text) => Plain::Text(utf8(text)?),
        Slot::Array(array) => Plain::Array(array),
        Slot::Float(_) | Slot::Reference(_) | Slot::Undefined | Slot::Other => {
            return Err(Declined);
        }
    })
}

/// A PHP value (an array, at the top) to deserialize from.
#[derive(Clone, Copy)]
pub struct PhpValue<'de> {
    zval: &'de Zval,
    /// Arrays around this value.
    depth: u32,
}

impl<'de> PhpValue<'de> {
    pub fn new(zval: &'de Zval) -> Self {
        Self { zval, depth: 0 }
    }

    fn entries(self, array: &'de ZendHashTable) -> Result<ArrayAccess<'de>, Declined> {
        if self.depth >= MAX_DEPTH {
            return Err(Declined);
        }
        Ok(ArrayAccess {
            entries: engine::entries(array),
            depth: self.depth + 1,
            value: None,
        })
    }

    fn visit<V: Visitor<'de>>(self, plain: Plain<'de>, visitor: V) -> Result<V::Value, Declined> {
        match plain {
            Plain::Null => visitor.visit_unit(),
            Plain::Bool(value) => visitor.visit_bool(value),
            Plain::Int(value) => match u64::try_from(value) {
                Ok(value) => visitor.visit_u64(value),
                Err(_) => visitor.visit_i64(value),
            },
            Plain::Float(value) => visitor.visit_f64(value),
            Plain::Text(text) => visitor.visit_borrowed_str(text),
            Plain::Array(array) => {
                let mut entries = self.entries(array)?;
                let value = if engine::is_list(array) {
                    visitor.visit_seq(&mut entries)?
                } else {
                    visitor.visit_map(&mut entries)?
                };
                entries.finish(value)
            }
        }
    }

    /// Visits the value if `accepts` its kind, as serde_json's `deserialize_*` accept only some.
    fn visit_if<V: Visitor<'de>>(
        self,
        accepts: fn(&Plain<'de>) -> bool,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        let plain = plain(self.zval)?;
        if accepts(&plain) {
            self.visit(plain, visitor)
        } else {
            Err(Declined)
        }
    }

    /// Whether `json_encode` would encode the value, which the JSON route needs even of the
    /// fields it skips.
    fn check(self) -> Result<(), Declined> {
        if let Plain::Array(array) = plain(self.zval)? {
            let entries = self.entries(array)?;
            let depth = entries.depth;
            for Entry { key, value } in entries.entries {
                if let Key::Name(name) = key {
                    utf8(name)?;
                }
                Self { zval: value, depth }.check()?;
            }
        }
        Ok(())
    }
}

macro_rules! deserialize_if {
    ($accepts:pat => $($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
                self.visit_if(|plain| matches!(plain, $accepts), visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for PhpValue<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.visit(plain(self.zval)?, visitor)
    }

    deserialize_if!(Plain::Bool(_) => deserialize_bool);
    deserialize_if!(Plain::Int(_) | Plain::Float(_) =>
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64);
    deserialize_if!(Plain::Text(_) =>
        deserialize_char deserialize_str deserialize_string deserialize_identifier);
    deserialize_if!(Plain::Null => deserialize_unit);

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.visit_if(is_list, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.visit_if(is_map, visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match plain(self.zval)? {
            Plain::Text(text) => visitor.visit_borrowed_bytes(text.as_bytes()),
            list if is_list(&list) => self.visit(list, visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match plain(self.zval)? {
            Plain::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.visit_if(|plain| matches!(plain, Plain::Array(_)), visitor)
    }

    /// `"variant"`, or `["variant" => value]` with nothing else in the array.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match plain(self.zval)? {
            Plain::Text(variant) => visitor.visit_enum(BorrowedStrDeserializer::new(variant)),
            Plain::Array(array) if !engine::is_list(array) => {
                let mut entries = self.entries(array)?;
                let depth = entries.depth;
                match (entries.entries.next(), entries.entries.next()) {
                    (Some(Entry { key, value }), None) => visitor.visit_enum(Variant {
                        key,
                        value: Self { zval: value, depth },
                    }),
                    _ => Err(Declined),
                }
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.check()?;
        visitor.visit_unit()
    }
}

/// The elements of a list or the entries of a map, read in the array's order.
struct ArrayAccess<'de> {
    entries: engine::Entries<'de>,
    /// Arrays around the elements.
    depth: u32,
    /// The value of the entry whose key was read last.
    value: Option<&'de Zval>,
}

impl ArrayAccess<'_> {
    /// `value`, if the visitor read every entry (serde_json refuses leftovers).
    fn finish<T>(mut self, value: T) -> Result<T, Declined> {
        match self.entries.next() {
            None => Ok(value),
            Some(_) => Err(Declined),
        }
    }
}

impl<'de> SeqAccess<'de> for ArrayAccess<'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.entries
            .next()
            .map(|entry| {
                seed.deserialize(PhpValue {
                    zval: entry.value,
                    depth: self.depth,
                })
            })
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

impl<'de> MapAccess<'de> for ArrayAccess<'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        let Some(Entry { key, value }) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(KeyText(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        let zval = self.value.take().ok_or(Declined)?;
        seed.deserialize(PhpValue {
            zval,
            depth: self.depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A map key as JSON has it: always text, an integer key as its decimal digits.
struct KeyText<'de>(Key<'de>);

impl<'de> Deserializer<'de> for KeyText<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.0 {
            Key::Name(name) => visitor.visit_borrowed_str(utf8(name)?),
            Key::Index(index) => visitor.visit_str(&index.to_string()),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// The one entry of a map read as an enum: the variant's name and its content.
struct Variant<'de> {
    key: Key<'de>,
    value: PhpValue<'de>,
}

impl<'de> EnumAccess<'de> for Variant<'de> {
    type Error = Declined;
    type Variant = PhpValue<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, PhpValue<'de>), Declined> {
        Ok((seed.deserialize(KeyText(self.key))?, self.value))
    }
}

impl<'de> VariantAccess<'de> for PhpValue<'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<(), Declined> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Declined> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_struct("", fields, visitor)
    }
}

/// The engine's value and array layout, read directly: ext-php-rs's array iterator makes three
/// engine calls per entry and copies every string key into a new `String`, which alone cost
/// more than the rest of reading an order. Everything `unsafe` in this reader is here.
#[allow(unsafe_code)]
mod engine {
    use std::iter::Enumerate;
    use std::slice;

    use ext_php_rs::ffi::{
        Bucket, IS_ARRAY, IS_DOUBLE, IS_FALSE, IS_LONG, IS_NULL, IS_REFERENCE, IS_STRING, IS_TRUE,
        IS_UNDEF,
    };
    use ext_php_rs::types::{ZendHashTable, ZendStr, Zval};

    /// `HASH_FLAG_PACKED` (Zend/zend_hash.h): since PHP 8.2 a packed array's slots are bare
    /// values, its keys their positions; before, they were buckets like any other array's.
    const HASH_FLAG_PACKED: u32 = 1 << 2;

    /// A value by its engine type.
    pub enum Slot<'a> {
        /// The hole a removed element leaves in an array.
        Undefined,
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Text(&'a ZendStr),
        Array(&'a ZendHashTable),
        Reference(&'a Zval),
        /// An object, a resource or an engine-internal kind.
        Other,
    }

    #[inline]
    pub fn slot(zval: &Zval) -> Slot<'_> {
        // SAFETY: the type byte names the member of the value union that is live, and the
        // pointers it holds are owned by `zval` and live at least as long as the borrow (no PHP
        // code runs while a value is read, so nothing can release them).
        unsafe {
            match u32::from(zval.u1.v.type_) {
                IS_UNDEF => Slot::Undefined,
                IS_NULL => Slot::Null,
                IS_FALSE => Slot::Bool(false),
                IS_TRUE => Slot::Bool(true),
                IS_LONG => Slot::Int(zval.value.lval),
                IS_DOUBLE => Slot::Float(zval.value.dval),
                IS_STRING => zval.value.str_.as_ref().map_or(Slot::Other, Slot::Text),
                IS_ARRAY => zval.value.arr.as_ref().map_or(Slot::Other, Slot::Array),
                IS_REFERENCE => zval
                    .value
                    .ref_
                    .as_ref()
                    .map_or(Slot::Other, |reference| Slot::Reference(&reference.val)),
                _ => Slot::Other,
            }
        }
    }

    /// The text of a PHP string, which must be UTF-8 as `json_encode` requires. Keys and most
    /// values are ASCII, checked here a word at a time: ext-php-rs's check makes two engine
    /// calls and cannot remember its verdict for an interned string (every literal key).
    pub fn utf8(text: &ZendStr) -> Result<&str, super::Declined> {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            // SAFETY: ASCII is UTF-8.
            return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
        }
        text.as_str().map_err(|_| super::Declined)
    }

    #[derive(Clone, Copy)]
    pub enum Key<'a> {
        Index(i64),
        Name(&'a ZendStr),
    }

    pub struct Entry<'a> {
        pub key: Key<'a>,
        pub value: &'a Zval,
    }

    /// An array's entries in order (its holes skipped).
    pub struct Entries<'a> {
        slots: Slots<'a>,
        left: usize,
    }

    enum Slots<'a> {
        Packed(Enumerate<slice::Iter<'a, Zval>>),
        Buckets(slice::Iter<'a, Bucket>),
    }

    pub fn entries(array: &ZendHashTable) -> Entries<'_> {
        let used = array.nNumUsed as usize;
        // SAFETY: `u.flags` is the union's whole word; the bytes are plain integers either way.
        let packed = ext_php_rs::PHP_82 && unsafe { array.u.flags } & HASH_FLAG_PACKED != 0;
        let slots = if used == 0 {
            // An array that never held anything may point at a shared sentinel: never read it.
            Slots::Buckets([].iter())
        } else {
            // SAFETY: `arData` (`arPacked` for a packed array, the same pointer) points at the
            // array's `nNumUsed` initialised slots, which the array owns; nothing changes them
            // while the borrow lasts, because no PHP code runs while a value is read.
            unsafe {
                let data = array.__bindgen_anon_1.arData;
                if packed {
                    Slots::Packed(
                        slice::from_raw_parts(data.cast::<Zval>().cast_const(), used)
                            .iter()
                            .enumerate(),
                    )
                } else {
                    Slots::Buckets(slice::from_raw_parts(data.cast_const(), used).iter())
                }
            }
        };
        Entries {
            slots,
            left: array.nNumOfElements as usize,
        }
    }

    /// What `array_is_list` says (and `json_encode` with it): the keys are 0, 1, 2… in order.
    pub fn is_list(array: &ZendHashTable) -> bool {
        let mut expected = 0;
        entries(array).all(|entry| {
            let in_place = matches!(entry.key, Key::Index(index) if index == expected);
            expected += 1;
            in_place
        })
    }

    impl<'a> Iterator for Entries<'a> {
        type Item = Entry<'a>;

        #[inline]
        fn next(&mut self) -> Option<Entry<'a>> {
            loop {
                let entry = match &mut self.slots {
                    Slots::Packed(slots) => {
                        let (position, value) = slots.next()?;
                        Entry {
                            key: Key::Index(i64::try_from(position).ok()?),
                            value,
                        }
                    }
                    Slots::Buckets(slots) => {
                        let bucket = slots.next()?;
                        // SAFETY: a bucket's key is null (an integer key, held in `h`) or a
                        // string the array owns.
                        let key = match unsafe { bucket.key.as_ref() } {
                            Some(name) => Key::Name(name),
                            // The engine stores an integer key's bits unsigned.
                            None => Key::Index(i64::from_ne_bytes(bucket.h.to_ne_bytes())),
                        };
                        Entry {
                            key,
                            value: &bucket.val,
                        }
                    }
                };
                if !matches!(slot(entry.value), Slot::Undefined) {
                    self.left -= 1;
                    return Some(entry);
                }
            }
        }

        fn size_hint(&self) -> (usize, Option<usize>) {
            (self.left, Some(self.left))
        }
    }

    impl ExactSizeIterator for Entries<'_> {}
}
