"""Small places: named together with a health condition, they can point at one person.

A story that says "the only man in Clun with motor neurone disease" identifies him to anyone
who knows Clun, though it names no one. The identifiability check warns when a story names one
of these places and mentions a condition (``groundswell.lib.identifiability``, kind
``rare_detail``).

The list is modest and deliberately so: towns, villages and islands of the United Kingdom with
a few thousand people or fewer, spelt as their own signs spell them, so that matching can keep
their capitals ("Bath" the city, never "bath" the verb). Cities and large towns are left out:
naming them with a condition rarely narrows things to one person. Places whose names are also
everyday words or first names at the start of a sentence ("Beer", "Street", "Tongue", "Clare")
are left out too: "Tongue cancer" must not read as a place.
"""

from __future__ import annotations

SMALL_PLACES: tuple[str, ...] = (
    # England: the North
    "Alston", "Allendale", "Alnmouth", "Bamburgh", "Rothbury", "Wooler", "Kielder", "Haltwhistle",
    "Middleton-in-Teesdale", "Staithes", "Robin Hood's Bay", "Goathland", "Osmotherley", "Helmsley",
    "Thornton-le-Dale", "Hawes", "Reeth", "Askrigg", "Grassington", "Pateley Bridge", "Kettlewell",
    "Sedbergh", "Kirkby Lonsdale", "Coniston", "Hawkshead", "Grasmere", "Appleby-in-Westmorland",
    "Holy Island", "Lindisfarne", "Seahouses", "Embleton",
    # England: the Midlands and the Peak
    "Much Wenlock", "Bishop's Castle", "Clun", "Church Stretton", "Cleobury Mortimer", "Tenbury Wells",
    "Hathersage", "Castleton", "Tideswell", "Eyam", "Hartington", "Youlgreave", "Chipping Campden",
    "Stow-on-the-Wold", "Bourton-on-the-Water", "Winchcombe", "Burford", "Uppingham",
    # England: the East
    "Lavenham", "Southwold", "Aldeburgh", "Walberswick", "Orford", "Blakeney", "Wells-next-the-Sea",
    "Burnham Market", "Cley next the Sea", "Sheringham", "Mundesley", "Framlingham",
    # England: the South and South West
    "Alfriston", "Winchelsea", "Beaulieu", "Corfe Castle", "Lyme Regis", "Dunster", "Porlock",
    "Lynton", "Lynmouth", "Clovelly", "Boscastle", "Tintagel", "Mousehole", "Polperro", "Zennor",
    "St Just", "Fowey", "Mevagissey", "Cerne Abbas", "Shaftesbury", "Tisbury", "Hindon",
    # Islands
    "St Mary's", "Tresco", "Bryher", "St Agnes", "St Martin's", "Lundy", "Sark", "Alderney",
    "Fair Isle", "Foula", "Eigg", "Coll", "Tiree", "Colonsay", "Jura", "Barra", "Unst",
    # Wales, Scotland and Northern Ireland
    "Hay-on-Wye", "Llanwrtyd Wells", "Rhayader", "Aberdaron", "Beddgelert", "St Davids",
    "Tobermory", "Ullapool", "Durness", "Braemar", "Tomintoul", "Kirkwall",
    "Cushendall", "Cushendun", "Rathlin",
)  # fmt: skip
