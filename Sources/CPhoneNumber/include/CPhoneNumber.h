// C interface over libphonenumber's C++ API (implemented in Sources/CPhoneNumber/shim.cpp).
//
// Why a shim: Swift cannot call libphonenumber's C++ API without C++ interop, which would leak
// C++ (std::string, protobuf messages, exceptions) into every module that imports this one.
// This header is plain C: fixed-size values, NUL-terminated UTF-8 strings, status codes.
//
// Ownership, in one rule: whatever a cpn_* function writes into a struct you passed in is owned
// by that struct until you call the matching free function, exactly once:
//   cpn_find_numbers -> CPNNumberList -> cpn_number_list_free
//   cpn_parse        -> CPNNumber     -> cpn_number_free
// The free functions accept zeroed structs and structs already freed (they zero what they
// free), so calling them on every path, success or error, is always safe.
// Input strings are borrowed for the duration of the call only.
//
// No C++ exception crosses this boundary: every entry point catches everything and reports
// CPN_STATUS_INTERNAL_ERROR (or CPN_STATUS_OUT_OF_MEMORY for std::bad_alloc).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of a cpn_* call. The parse errors mirror PhoneNumberUtil::ErrorType.
typedef enum CPNStatus {
    CPN_STATUS_OK = 0,
    CPN_STATUS_INVALID_COUNTRY_CODE = 1,
    CPN_STATUS_NOT_A_NUMBER = 2,
    CPN_STATUS_TOO_SHORT_AFTER_IDD = 3,
    CPN_STATUS_TOO_SHORT_NSN = 4,
    CPN_STATUS_TOO_LONG_NSN = 5,
    /// A NULL pointer where one was required.
    CPN_STATUS_INVALID_ARGUMENT = 100,
    CPN_STATUS_OUT_OF_MEMORY = 101,
    /// A C++ exception other than std::bad_alloc was caught at the boundary.
    CPN_STATUS_INTERNAL_ERROR = 102,
} CPNStatus;

/// Mirrors PhoneNumberUtil::PhoneNumberType, value for value.
typedef enum CPNNumberType {
    CPN_TYPE_FIXED_LINE = 0,
    CPN_TYPE_MOBILE = 1,
    CPN_TYPE_FIXED_LINE_OR_MOBILE = 2,
    CPN_TYPE_TOLL_FREE = 3,
    CPN_TYPE_PREMIUM_RATE = 4,
    CPN_TYPE_SHARED_COST = 5,
    CPN_TYPE_VOIP = 6,
    CPN_TYPE_PERSONAL_NUMBER = 7,
    CPN_TYPE_PAGER = 8,
    CPN_TYPE_UAN = 9,
    CPN_TYPE_VOICEMAIL = 10,
    CPN_TYPE_UNKNOWN = 11,
} CPNNumberType;

/// Mirrors PhoneNumberMatcher::Leniency, value for value (increasing strictness).
typedef enum CPNLeniency {
    CPN_LENIENCY_POSSIBLE = 0,
    CPN_LENIENCY_VALID = 1,
    CPN_LENIENCY_STRICT_GROUPING = 2,
    CPN_LENIENCY_EXACT_GROUPING = 3,
} CPNLeniency;

/// A region code: two upper-case letters ("US"), "001" for non-geographic entities, or "ZZ"
/// for unknown; always NUL-terminated.
typedef struct CPNRegion {
    char code[4];
} CPNRegion;

/// One phone number. The four strings are heap-allocated, NUL-terminated UTF-8, never NULL
/// after a successful call, and owned by this struct (free with cpn_number_free, or with
/// cpn_number_list_free when the number is an element of a list).
typedef struct CPNNumber {
    /// The text as written in the input (for cpn_parse: the whole input).
    char *raw;
    /// UTF-8 byte offsets of raw in the input, half-open [start, end).
    int64_t start;
    int64_t end;
    /// "+14155550123"
    char *e164;
    /// "+1 415-555-0123"
    char *international;
    /// "(415) 555-0123"
    char *national;
    /// Region of the number (GetRegionCodeForNumber); "ZZ" when it cannot be told.
    CPNRegion region;
    /// Country calling code, such as 1 or 49.
    int32_t country_code;
    CPNNumberType type;
    /// IsValidNumber: matches a pattern of its region's numbering plan.
    bool is_valid;
    /// IsPossibleNumber: has a length that numbers of its region can have.
    bool is_possible;
    /// IsPossibleNumberWithReason == IS_POSSIBLE_LOCAL_ONLY on an invalid number: long enough
    /// to dial within an area (a Brazilian "2681-7485"), too short to place the area.
    bool is_local_only;
} CPNNumber;

/// Numbers found in a text, in order of appearance. Owns items and every string in them.
typedef struct CPNNumberList {
    CPNNumber *items;
    size_t count;
} CPNNumberList;

/// Finds every phone number in `length` bytes of UTF-8 `text` (need not be NUL-terminated).
///
/// Numbers written without a country code are read under `default_region` ("US", "DE", ...;
/// "ZZ" accepts only numbers written with +). `max_tries` bounds how many invalid candidates
/// are tried before giving up (<= 0 means unlimited). On CPN_STATUS_OK, `*out` holds the
/// matches (possibly none); on any other status `*out` is zeroed. Either way, free with
/// cpn_number_list_free. Input that is not valid UTF-8 yields no matches.
CPNStatus cpn_find_numbers(
    const char *text, size_t length, const char *default_region, CPNLeniency leniency,
    int32_t max_tries, CPNNumberList *out);

/// Frees everything a CPNNumberList owns and zeroes it. NULL and zeroed lists are fine.
void cpn_number_list_free(CPNNumberList *list);

/// Parses `length` bytes of UTF-8 `text` that should hold one phone number
/// (PhoneNumberUtil::Parse, which skips leading text such as "Tel: ").
///
/// On CPN_STATUS_OK `*out` holds the number (start = 0, end = length, raw = the input);
/// otherwise the parse error and `*out` is zeroed. Either way, free with cpn_number_free.
/// Parsing succeeds for possible-looking numbers that may still be invalid: check is_valid.
CPNStatus cpn_parse(const char *text, size_t length, const char *default_region, CPNNumber *out);

/// Frees the strings a CPNNumber owns and zeroes it. NULL and zeroed numbers are fine.
/// Do not call it on an element of a CPNNumberList; free the list instead.
void cpn_number_free(CPNNumber *number);

/// Country calling code of a region ("DE" -> 49), or 0 for an unknown region.
int32_t cpn_country_code_for_region(const char *region);

/// Main region of a country calling code (1 -> "US", 44 -> "GB"); "001" for non-geographic
/// codes such as 800; "ZZ" for unknown codes. Returns CPN_STATUS_INVALID_ARGUMENT for NULL out.
CPNStatus cpn_region_for_country_code(int32_t country_code, CPNRegion *out);

/// Every region sharing a country calling code (1 -> "US", "AG", "AI", ..., main region
/// first). Writes at most `capacity` regions into `out` and returns how many there are in
/// total, so a caller whose buffer was too small can retry with a bigger one. 0 for unknown.
size_t cpn_regions_for_country_code(int32_t country_code, CPNRegion *out, size_t capacity);

/// Every region libphonenumber has metadata for, sorted. Same buffer rules as above.
size_t cpn_supported_regions(CPNRegion *out, size_t capacity);

#ifdef __cplusplus
}
#endif
