"""The UK postcode areas: the letters before the first digit of a postcode.

From Royal Mail's list as given in Wikipedia's "List of postcode districts in the United
Kingdom" (areas table): the 121 geographic areas of Great Britain and Northern Ireland, the
Crown dependencies (GY, IM, JE), and the non-geographic BF (British Forces, BFPO) and BX
(mail for organisations, used UK-wide). Not included: XX, used only for online returns
labels, never for a person's address; overseas territories, whose codes (ASCN 1ZZ, GX11 1AA…)
do not have the UK shape. The special Girobank postcode GIR 0AA is allowed separately.
Anything else with a postcode's shape ("US0 2BG", "UT40 4XL") is a stock or product code.
"""

AREAS = frozenset(["AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT",
                   "BX", "CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD",
                   "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK",
                   "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX",
                   "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE",
                   "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR",
                   "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S",
                   "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW",
                   "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC",
                   "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"])

SPECIAL_POSTCODES = frozenset({"GIR0AA"})  # Girobank, Bootle: the one postcode of no area
