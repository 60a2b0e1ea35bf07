"""Text as it arrives: cleaning, sentences, tokens and the language they are in."""
