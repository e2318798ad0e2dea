import CLeptonica
import CStderrCapture
import CardModel
import Foundation

/// Leptonica's `PIX *`. With both C modules visible it imports as a typed pointer; Leptonica
/// >= 1.83 makes it opaque (OCR_FACTS), so only accessor functions are used, never `.pointee`.
typealias PixPointer = UnsafeMutablePointer<PIX>

/// Routes Leptonica's messages into `LibraryMessages` once per process: while a thread decodes,
/// its warnings and errors ("Error in pixReadFromTiff: line read fail") are kept and judged
/// there; at any other time they are dropped, never printed raw (issue 11, items 5 and 7).
///
/// `setMsgSeverity` is process-global; a lazily initialised global runs exactly once, thread-safely.
let leptonicaQuieted: Void = {
    leptSetStderrHandler(csc_leptonica_message)
    _ = setMsgSeverity(Int32(L_SEVERITY_WARNING))
}()

/// Owns one Leptonica image: every Leptonica constructor returns a new reference that needs
/// exactly one `pixDestroy` (OCR_FACTS), which `deinit` does. Never leaves the module.
final class PixImage {
    let pointer: PixPointer

    /// Takes ownership of a reference returned by a Leptonica constructor.
    init(owning pointer: PixPointer) {
        self.pointer = pointer
    }

    /// Takes ownership of the result of a Leptonica constructor, throwing when it returned NULL.
    convenience init(_ function: StaticString, _ body: () -> PixPointer?) throws {
        self.init(owning: try nonNull(function, body))
    }

    deinit {
        var p: PixPointer? = pointer
        pixDestroy(&p)
    }

    var width: Int { Int(pixGetWidth(pointer)) }
    var height: Int { Int(pixGetHeight(pointer)) }
    var depth: Int { Int(pixGetDepth(pointer)) }
    var size: (width: Int, height: Int) { (width, height) }
    var isPortrait: Bool { height > width }

    // MARK: - Conversions

    /// An 8-bit grey copy without colormap (RGB by luminance). Tesseract gets grey, never our
    /// own binarization: Sauvola cost 3.4 points of recall, Otsu 2.1 (OCR_FACTS).
    func grey() throws -> PixImage {
        if depth == 8, pixGetColormap(pointer) == nil { return try clone() }
        if depth == 32 {
            return try PixImage("pixConvertRGBToLuminance") { pixConvertRGBToLuminance(pointer) }
        }
        // "cmapflag: 1 to retain cmap; 0 to remove" (convert.c, pixConvertTo8)
        return try PixImage("pixConvertTo8") { pixConvertTo8(pointer, 0) }
    }

    /// A new reference to the same pixels (Leptonica's reference counting).
    func clone() throws -> PixImage {
        try PixImage("pixClone") { pixClone(pointer) }
    }

    /// A binary image of the grey pixels darker than `threshold` (foreground = dark).
    func binarized(threshold: Int) throws -> PixImage {
        try PixImage("pixThresholdToBinary") { pixThresholdToBinary(pointer, Int32(threshold)) }
    }

    // MARK: - Geometry

    /// Scales by `factor`: area mapping when reducing (no aliasing), linear interpolation with
    /// light sharpening when enlarging (`pixScale`).
    func scaled(by factor: Double) throws -> PixImage {
        // Leptonica fails when a side would shrink below one pixel (a 3000x10 strip): keep two.
        let f = Float(max(factor, 2 / Double(max(min(width, height), 1))))
        if f < 0.7 {
            return try PixImage("pixScaleAreaMap") { pixScaleAreaMap(pointer, f, f) }
        }
        return try PixImage("pixScale") { pixScale(pointer, f, f) }
    }

    /// A copy with a white border of `pixels` on every side (8-bit grey).
    func bordered(by pixels: Int) throws -> PixImage {
        // "pixAddBorder: adds border of npix pixels of value val" (pix2.c); 255 is white in 8 bpp.
        try PixImage("pixAddBorder") { pixAddBorder(pointer, Int32(pixels), 255) }
    }

    /// Rotates by a multiple of 90 degrees clockwise.
    func rotatedOrthogonally(clockwise degrees: Int) throws -> PixImage {
        // "quads: 0-3; number of 90 degree cw rotations" (rotateorth.c, pixRotateOrth)
        let quads = ((degrees / 90) % 4 + 4) % 4
        if quads == 0 { return try clone() }
        return try PixImage("pixRotateOrth") { pixRotateOrth(pointer, Int32(quads)) }
    }

    func flippedLeftRight() throws -> PixImage {
        try PixImage("pixFlipLR") { pixFlipLR(nil, pointer) }
    }

    func flippedTopBottom() throws -> PixImage {
        try PixImage("pixFlipTB") { pixFlipTB(nil, pointer) }
    }

    /// Rotates by a small angle about the centre, filling with white, keeping the size.
    func rotated(degrees: Double) throws -> PixImage {
        let radians = Float(degrees * .pi / 180)
        // "type: L_ROTATE_AREA_MAP, L_ROTATE_SHEAR, L_ROTATE_SAMPLING"; "width, height: original
        // width and height; use 0 to avoid embedding" (rotate.c, pixRotate). Area mapping keeps
        // grey text smooth; 0, 0 keeps the size (corners are cut, which is only card margin).
        return try PixImage("pixRotate") {
            pixRotate(
                pointer, radians, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE),
                0, 0)
        }
    }

    /// The pixels inside `box` (clipped to the image).
    func cropped(to box: PixelBox) throws -> PixImage {
        let rectangle = try LeptonicaBox(box)
        // "pixClipRectangle: ... pboxc [optional] actual box of clipped region" (pix5.c)
        return try PixImage("pixClipRectangle") { pixClipRectangle(pointer, rectangle.pointer, nil) }
    }

    // MARK: - Output

    /// Writes the image as PNG (debug images).
    func writePNG(to url: URL) throws {
        try write(to: url, format: Int32(IFF_PNG))
    }

    /// Writes the image in a Leptonica format (`IFF_PNG`, `IFF_TIFF_ZIP`, `IFF_BMP`, ...).
    func write(to url: URL, format: Int32) throws {
        try leptonica("pixWrite") { pixWrite(url.path, pointer, format) }
    }

    /// Writes the image as `format` (tests make inputs of every decodable format this way).
    func write(to url: URL, as format: ImageFormat) throws {
        let code: Int32
        switch format {
        case .png: code = Int32(IFF_PNG)
        case .jpeg: code = Int32(IFF_JFIF_JPEG)
        case .tiff: code = Int32(IFF_TIFF_ZIP)
        case .bmp: code = Int32(IFF_BMP)
        case .gif: code = Int32(IFF_GIF)
        case .webp: code = Int32(IFF_WEBP)
        case .jp2: code = Int32(IFF_JP2)
        case .pnm: code = Int32(IFF_PNM)
        case .pdf, .heic, .avif, .text, .unknown:
            throw OCRError.cCallFailed(function: "pixWrite", path: url.path)
        }
        try write(to: url, format: code)
    }
}

/// Owns a Leptonica rectangle (`BOX`).
final class LeptonicaBox {
    let pointer: UnsafeMutablePointer<BOX>

    init(_ box: PixelBox) throws {
        pointer = try nonNull("boxCreate") {
            boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height))
        }
    }

    deinit {
        var p: UnsafeMutablePointer<BOX>? = pointer
        boxDestroy(&p)
    }
}
