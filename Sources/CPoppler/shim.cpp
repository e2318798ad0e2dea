// C shim over poppler-cpp; the contract is in include/CPoppler.h.
//
// Every extern "C" function catches everything (guard()), so no C++ exception reaches Swift.

#include "CPoppler.h"

#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

struct CPDDocument {
    std::unique_ptr<poppler::document> document;
};

namespace {

template <class Body> CPDStatus guard(Body body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc &) {
        return CPD_STATUS_OUT_OF_MEMORY;
    } catch (...) {
        return CPD_STATUS_INTERNAL_ERROR;
    }
}

// poppler-global.h: "set_debug_error_function ... Set a new debug/error output function."
// The default prints to stderr; damaged files are reported through statuses instead.
void ignore_message(const std::string &, void *) {}

std::once_flag quiet_once;

std::unique_ptr<poppler::page> open_page(const CPDDocument *document, int32_t index) {
    if (index < 0 || index >= document->document->pages()) return nullptr;
    // poppler-document.h, create_page: returns nullptr when the page cannot be created (a
    // missing or damaged page object in the page tree).
    return std::unique_ptr<poppler::page>(document->document->create_page(index));
}

} // namespace

extern "C" {

CPDStatus cpd_document_open(const char *path, CPDDocument **out) {
    if (out == nullptr) return CPD_STATUS_INVALID_ARGUMENT;
    *out = nullptr;
    if (path == nullptr) return CPD_STATUS_INVALID_ARGUMENT;
    return guard([&] {
        std::call_once(quiet_once, [] { poppler::set_debug_error_function(ignore_message, nullptr); });
        // load_from_file returns nullptr when the file cannot be parsed; an encrypted file whose
        // user password is not empty loads as a locked document (document::is_locked).
        std::unique_ptr<poppler::document> document(poppler::document::load_from_file(path));
        if (!document) return CPD_STATUS_DAMAGED;
        if (document->is_locked()) return CPD_STATUS_LOCKED;
        auto result = std::make_unique<CPDDocument>();
        result->document = std::move(document);
        *out = result.release();
        return CPD_STATUS_OK;
    });
}

void cpd_document_close(CPDDocument *document) { delete document; }

int32_t cpd_document_page_count(const CPDDocument *document) {
    if (document == nullptr) return 0;
    try {
        int n = document->document->pages();
        return n > 0 ? n : 0;
    } catch (...) {
        return 0;
    }
}

CPDStatus cpd_page_size(const CPDDocument *document, int32_t index, double *width, double *height) {
    if (document == nullptr || width == nullptr || height == nullptr) return CPD_STATUS_INVALID_ARGUMENT;
    *width = 0;
    *height = 0;
    return guard([&] {
        auto page = open_page(document, index);
        if (!page) return CPD_STATUS_BAD_PAGE;
        poppler::rectf box = page->page_rect(poppler::crop_box);
        double w = box.width() < 0 ? -box.width() : box.width();
        double h = box.height() < 0 ? -box.height() : box.height();
        switch (page->orientation()) {
        case poppler::page::landscape:
        case poppler::page::seascape:
            std::swap(w, h);
            break;
        default:
            break;
        }
        *width = w;
        *height = h;
        return CPD_STATUS_OK;
    });
}

CPDStatus cpd_render_page(const CPDDocument *document, int32_t index, double dpi, CPDBitmap *out) {
    if (out == nullptr) return CPD_STATUS_INVALID_ARGUMENT;
    *out = CPDBitmap{nullptr, 0, 0, 0, nullptr};
    if (document == nullptr || !(dpi > 0)) return CPD_STATUS_INVALID_ARGUMENT;
    return guard([&] {
        auto page = open_page(document, index);
        if (!page) return CPD_STATUS_BAD_PAGE;
        poppler::page_renderer renderer;
        renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
        renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        renderer.set_image_format(poppler::image::format_gray8);
        auto image = std::make_unique<poppler::image>(renderer.render_page(page.get(), dpi, dpi));
        // render_page returns an invalid image when the page cannot be rendered.
        if (!image->is_valid() || image->format() != poppler::image::format_gray8 || image->width() <= 0 ||
            image->height() <= 0) {
            return CPD_STATUS_RENDER_FAILED;
        }
        // const_data() does not detach (copy) the shared pixel buffer, unlike data().
        out->data = reinterpret_cast<const uint8_t *>(image->const_data());
        out->width = image->width();
        out->height = image->height();
        out->bytes_per_row = image->bytes_per_row();
        out->owner = image.release();
        return CPD_STATUS_OK;
    });
}

void cpd_bitmap_free(CPDBitmap *bitmap) {
    if (bitmap == nullptr) return;
    delete static_cast<poppler::image *>(bitmap->owner);
    *bitmap = CPDBitmap{nullptr, 0, 0, 0, nullptr};
}

} // extern "C"
