// C interface over libphonenumber's C++ API (filled in by Sources/CPhoneNumber/shim.cpp).
#pragma once
