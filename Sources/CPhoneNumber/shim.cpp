// C shim over libphonenumber's C++ API; the contract is in include/CPhoneNumber.h.
//
// Every extern "C" function that can throw catches everything (guard() or its own try/catch),
// so no C++ exception reaches Swift.
// Strings handed out are malloc'd copies; the free functions in the header release them.

#include "CPhoneNumber.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <list>
#include <new>
#include <set>
#include <string>
#include <vector>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// phonenumberutil.h: "The PhoneNumberUtil is implemented as a singleton. Therefore, calling
// GetInstance multiple times will only result in one instance being created." The headers never
// say "thread-safe" outright; the evidence that sharing it between threads is safe:
//  - cpp/README upstream: Boost "is required if you need libphonenumber to be thread-safe"
//    except on Linux and Mac (USE_BOOST "is only needed in multi-threaded environments that are
//    not Linux and Mac"); Debian's build uses POSIX instead (`nm -D libphonenumber.so.8`:
//    U pthread_once, no libboost in NEEDED).
//  - base/memory/singleton_posix.h creates the instance under pthread_once; its methods are
//    const, and the one mutable state they reach, regexp_cache.h, is locked
//    ("Lock lock_;  // protects cache_impl_").
//  - PhoneNumberMatcher is per call here, never shared.
//  - Tests/CardPhoneTests ThreadTests: 16 threads agree with a serial run.
const PhoneNumberUtil &util() { return *PhoneNumberUtil::GetInstance(); }

// Runs body, turning any escaping C++ exception into a status.
template <class Body> CPNStatus guard(Body body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return CPN_STATUS_OUT_OF_MEMORY;
    } catch (...) {
        return CPN_STATUS_INTERNAL_ERROR;
    }
}

// malloc'd NUL-terminated copy; throws std::bad_alloc so guard() reports it.
char *copy(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p == nullptr) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

void setRegion(CPNRegion *out, const std::string &code) {
    std::memset(out->code, 0, sizeof out->code);
    std::strncpy(out->code, code.c_str(), sizeof out->code - 1);
}

void clear(CPNNumber *n) {
    std::free(n->raw);
    std::free(n->e164);
    std::free(n->international);
    std::free(n->national);
    std::memset(n, 0, sizeof *n);
}

// Fills *out from a parsed number; on throw, *out is untouched and nothing leaks.
void fill(CPNNumber *out, const PhoneNumber &number, const std::string &raw, int64_t start) {
    const PhoneNumberUtil &u = util();
    std::string e164, international, national, region;
    u.Format(number, PhoneNumberUtil::E164, &e164);
    u.Format(number, PhoneNumberUtil::INTERNATIONAL, &international);
    u.Format(number, PhoneNumberUtil::NATIONAL, &national);
    u.GetRegionCodeForNumber(number, &region);
    const CPNNumberType type = static_cast<CPNNumberType>(u.GetNumberType(number));
    const bool valid = u.IsValidNumber(number);
    const bool possible = u.IsPossibleNumber(number);
    const bool localOnly = !valid && u.IsPossibleNumberWithReason(number) == PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY;

    // Everything that can throw without owning memory is done; now allocate.
    CPNNumber n;
    std::memset(&n, 0, sizeof n);
    try {
        n.raw = copy(raw);
        n.e164 = copy(e164);
        n.international = copy(international);
        n.national = copy(national);
    } catch (...) {
        clear(&n);
        throw;
    }
    n.start = start;
    n.end = start + static_cast<int64_t>(raw.size());
    setRegion(&n.region, region);
    n.country_code = number.country_code();
    n.type = type;
    n.is_valid = valid;
    n.is_possible = possible;
    n.is_local_only = localOnly;
    *out = n;
}

// One NUL byte anywhere makes PhoneNumberMatcher find nothing in the whole text (measured on
// 8.12.57: "030 1234567" has one match, the same followed by "\0" has none). A space in its
// place keeps every UTF-8 offset unchanged.
std::string withoutNUL(std::string s) {
    std::replace(s.begin(), s.end(), '\0', ' ');
    return s;
}

size_t copyRegions(const std::vector<std::string> &codes, CPNRegion *out, size_t capacity) {
    if (out != nullptr) {
        const size_t n = std::min(capacity, codes.size());
        for (size_t i = 0; i < n; ++i) setRegion(&out[i], codes[i]);
    }
    return codes.size();
}

}  // namespace

extern "C" {

CPNStatus cpn_find_numbers(
    const char *text, size_t length, const char *default_region, CPNLeniency leniency,
    int32_t max_tries, CPNNumberList *out) {
    if (out == nullptr) return CPN_STATUS_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    if ((text == nullptr && length > 0) || default_region == nullptr) {
        return CPN_STATUS_INVALID_ARGUMENT;
    }
    if (leniency < CPN_LENIENCY_POSSIBLE || leniency > CPN_LENIENCY_EXACT_GROUPING) {
        return CPN_STATUS_INVALID_ARGUMENT;
    }
    return guard([&] {
        const std::string original(text == nullptr ? "" : text, length);
        const std::string input = withoutNUL(original);
        // PhoneNumberMatcher's short constructor passes INT_MAX ("no limitation on the number
        // of retries"); we do the same for max_tries <= 0.
        PhoneNumberMatcher matcher(
            util(), input, default_region, static_cast<PhoneNumberMatcher::Leniency>(leniency),
            max_tries > 0 ? max_tries : INT_MAX);

        // PhoneNumberMatch is not copyable, so each match is converted as it is found.
        std::vector<CPNNumber> found;
        try {
            while (matcher.HasNext()) {
                PhoneNumberMatch match;
                if (!matcher.Next(&match)) break;
                CPNNumber n;
                // raw comes from the caller's bytes, so a NUL inside a match stays a NUL.
                fill(&n, match.number(), original.substr(match.start(), match.length()),
                     match.start());
                try {
                    found.push_back(n);
                } catch (...) {
                    clear(&n);
                    throw;
                }
            }
        } catch (...) {
            for (CPNNumber &n : found) clear(&n);
            throw;
        }
        if (found.empty()) return CPN_STATUS_OK;

        CPNNumberList list;
        list.items = static_cast<CPNNumber *>(std::malloc(found.size() * sizeof(CPNNumber)));
        if (list.items == nullptr) {
            for (CPNNumber &n : found) clear(&n);
            throw std::bad_alloc();
        }
        std::memcpy(list.items, found.data(), found.size() * sizeof(CPNNumber));
        list.count = found.size();
        *out = list;
        return CPN_STATUS_OK;
    });
}

void cpn_number_list_free(CPNNumberList *list) {
    if (list == nullptr) return;
    for (size_t i = 0; i < list->count; ++i) clear(&list->items[i]);
    std::free(list->items);
    list->items = nullptr;
    list->count = 0;
}

CPNStatus cpn_parse(const char *text, size_t length, const char *default_region, CPNNumber *out) {
    if (out == nullptr) return CPN_STATUS_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    if ((text == nullptr && length > 0) || default_region == nullptr) {
        return CPN_STATUS_INVALID_ARGUMENT;
    }
    return guard([&] {
        const std::string original(text == nullptr ? "" : text, length);
        PhoneNumber number;
        const PhoneNumberUtil::ErrorType error =
            util().Parse(withoutNUL(original), default_region, &number);
        if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
            // ErrorType values 1...5 equal the CPNStatus parse errors.
            return static_cast<CPNStatus>(error);
        }
        fill(out, number, original, 0);
        return CPN_STATUS_OK;
    });
}

void cpn_number_free(CPNNumber *number) {
    if (number != nullptr) clear(number);
}

int32_t cpn_country_code_for_region(const char *region) {
    if (region == nullptr) return 0;
    try {
        return util().GetCountryCodeForRegion(region);
    } catch (...) {
        return 0;
    }
}

CPNStatus cpn_region_for_country_code(int32_t country_code, CPNRegion *out) {
    if (out == nullptr) return CPN_STATUS_INVALID_ARGUMENT;
    setRegion(out, "ZZ");
    return guard([&] {
        std::string region;
        util().GetRegionCodeForCountryCode(country_code, &region);
        setRegion(out, region);
        return CPN_STATUS_OK;
    });
}

size_t cpn_regions_for_country_code(int32_t country_code, CPNRegion *out, size_t capacity) {
    try {
        std::list<std::string> regions;
        util().GetRegionCodesForCountryCallingCode(country_code, &regions);
        return copyRegions(std::vector<std::string>(regions.begin(), regions.end()), out, capacity);
    } catch (...) {
        return 0;
    }
}

size_t cpn_supported_regions(CPNRegion *out, size_t capacity) {
    try {
        std::set<std::string> regions;
        util().GetSupportedRegions(&regions);
        return copyRegions(std::vector<std::string>(regions.begin(), regions.end()), out, capacity);
    } catch (...) {
        return 0;
    }
}

}  // extern "C"
