"""Thailand's 77 provinces and the six regions of the National Geographical Committee, as data.

Used to read a distance between an employer and a college (same province, same region, elsewhere).
Province names are matched on the Thai name as stored in ``Institution.province_th``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Region:
    code: str
    name_th: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th


REGIONS: dict[str, Region] = {
    region.code: region
    for region in (
        Region("north", "ภาคเหนือ", "North"),
        Region("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast"),
        Region("central", "ภาคกลาง", "Central"),
        Region("east", "ภาคตะวันออก", "East"),
        Region("west", "ภาคตะวันตก", "West"),
        Region("south", "ภาคใต้", "South"),
    )
}

# (Thai name, English name, region code)
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("เชียงราย", "Chiang Rai", "north"),
    ("เชียงใหม่", "Chiang Mai", "north"),
    ("น่าน", "Nan", "north"),
    ("พะเยา", "Phayao", "north"),
    ("แพร่", "Phrae", "north"),
    ("แม่ฮ่องสอน", "Mae Hong Son", "north"),
    ("ลำปาง", "Lampang", "north"),
    ("ลำพูน", "Lamphun", "north"),
    ("อุตรดิตถ์", "Uttaradit", "north"),
    ("กาฬสินธุ์", "Kalasin", "northeast"),
    ("ขอนแก่น", "Khon Kaen", "northeast"),
    ("ชัยภูมิ", "Chaiyaphum", "northeast"),
    ("นครพนม", "Nakhon Phanom", "northeast"),
    ("นครราชสีมา", "Nakhon Ratchasima", "northeast"),
    ("บึงกาฬ", "Bueng Kan", "northeast"),
    ("บุรีรัมย์", "Buri Ram", "northeast"),
    ("มหาสารคาม", "Maha Sarakham", "northeast"),
    ("มุกดาหาร", "Mukdahan", "northeast"),
    ("ยโสธร", "Yasothon", "northeast"),
    ("ร้อยเอ็ด", "Roi Et", "northeast"),
    ("เลย", "Loei", "northeast"),
    ("ศรีสะเกษ", "Si Sa Ket", "northeast"),
    ("สกลนคร", "Sakon Nakhon", "northeast"),
    ("สุรินทร์", "Surin", "northeast"),
    ("หนองคาย", "Nong Khai", "northeast"),
    ("หนองบัวลำภู", "Nong Bua Lam Phu", "northeast"),
    ("อำนาจเจริญ", "Amnat Charoen", "northeast"),
    ("อุดรธานี", "Udon Thani", "northeast"),
    ("อุบลราชธานี", "Ubon Ratchathani", "northeast"),
    ("กรุงเทพมหานคร", "Bangkok", "central"),
    ("กำแพงเพชร", "Kamphaeng Phet", "central"),
    ("ชัยนาท", "Chai Nat", "central"),
    ("นครนายก", "Nakhon Nayok", "central"),
    ("นครปฐม", "Nakhon Pathom", "central"),
    ("นครสวรรค์", "Nakhon Sawan", "central"),
    ("นนทบุรี", "Nonthaburi", "central"),
    ("ปทุมธานี", "Pathum Thani", "central"),
    ("พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central"),
    ("พิจิตร", "Phichit", "central"),
    ("พิษณุโลก", "Phitsanulok", "central"),
    ("เพชรบูรณ์", "Phetchabun", "central"),
    ("ลพบุรี", "Lop Buri", "central"),
    ("สมุทรปราการ", "Samut Prakan", "central"),
    ("สมุทรสงคราม", "Samut Songkhram", "central"),
    ("สมุทรสาคร", "Samut Sakhon", "central"),
    ("สิงห์บุรี", "Sing Buri", "central"),
    ("สุโขทัย", "Sukhothai", "central"),
    ("สุพรรณบุรี", "Suphan Buri", "central"),
    ("สระบุรี", "Saraburi", "central"),
    ("อ่างทอง", "Ang Thong", "central"),
    ("อุทัยธานี", "Uthai Thani", "central"),
    ("จันทบุรี", "Chanthaburi", "east"),
    ("ฉะเชิงเทรา", "Chachoengsao", "east"),
    ("ชลบุรี", "Chon Buri", "east"),
    ("ตราด", "Trat", "east"),
    ("ปราจีนบุรี", "Prachin Buri", "east"),
    ("ระยอง", "Rayong", "east"),
    ("สระแก้ว", "Sa Kaeo", "east"),
    ("กาญจนบุรี", "Kanchanaburi", "west"),
    ("ตาก", "Tak", "west"),
    ("ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west"),
    ("เพชรบุรี", "Phetchaburi", "west"),
    ("ราชบุรี", "Ratchaburi", "west"),
    ("กระบี่", "Krabi", "south"),
    ("ชุมพร", "Chumphon", "south"),
    ("ตรัง", "Trang", "south"),
    ("นครศรีธรรมราช", "Nakhon Si Thammarat", "south"),
    ("นราธิวาส", "Narathiwat", "south"),
    ("ปัตตานี", "Pattani", "south"),
    ("พังงา", "Phang Nga", "south"),
    ("พัทลุง", "Phatthalung", "south"),
    ("ภูเก็ต", "Phuket", "south"),
    ("ระนอง", "Ranong", "south"),
    ("สตูล", "Satun", "south"),
    ("สงขลา", "Songkhla", "south"),
    ("สุราษฎร์ธานี", "Surat Thani", "south"),
    ("ยะลา", "Yala", "south"),
)

PROVINCE_REGION: dict[str, str] = {th: region for th, _en, region in PROVINCES}
PROVINCE_EN: dict[str, str] = {th: en for th, en, _region in PROVINCES}
_ALIASES = {"กรุงเทพฯ": "กรุงเทพมหานคร", "กทม.": "กรุงเทพมหานคร", "อยุธยา": "พระนครศรีอยุธยา"}
_BY_ENGLISH = {en.lower(): th for th, en, _region in PROVINCES}

PROVINCE_CHOICES = [(th, th) for th, _en, _region in sorted(PROVINCES)]
REGION_CHOICES = [(code, _(region.name_en)) for code, region in REGIONS.items()]


def province_normalise(name: str | None) -> str:
    """The canonical Thai province name for a Thai/English/abbreviated name, or ``""``."""
    name = (name or "").strip()
    if name.startswith("จังหวัด"):
        name = name.removeprefix("จังหวัด").strip()
    if name in PROVINCE_REGION:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    return _BY_ENGLISH.get(name.lower(), "")


def region_of(province_th: str | None) -> str:
    """The region code of a province (``""`` when unknown)."""
    return PROVINCE_REGION.get(province_normalise(province_th), "")


def provinces_in_region(code: str) -> list[str]:
    return [th for th, _en, region in PROVINCES if region == code]
