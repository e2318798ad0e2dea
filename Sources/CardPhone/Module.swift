// CardPhone: libphonenumber behind CardModel.PhoneNumberParsing.
