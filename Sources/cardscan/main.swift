print("cardscan")
