"""Demo resources and profiles for three fields, written for the demo (Thai first).

Loaded through the same import service staff use, so running it again changes nothing. The PDF
reports and e-books are tiny generated files; the covers are drawn with Pillow.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.files.images import ImageFile

Progress = Callable[[str], None]

MECHATRONICS, EV, HOTEL = "F64-11", "F66-17", "F64-06"


def _r(external_id, type_, field, title, summary, **extra) -> dict:
    record = {
        "external_id": external_id,
        "type": type_,
        "field": field,
        "title": title,
        "summary": summary,
        "licence": "cc-by",
    }
    record.update(extra)
    return record


DEMO_RECORDS: list[dict] = [
    # --- F64-11 สาขาวิชาเมคคาทรอนิกส์และหุ่นยนต์ (วิทยาลัยเทคนิคสัตหีบ) -------------------------
    _r(
        "demo-f64-11-research-1",
        "research",
        MECHATRONICS,
        "การพัฒนาแขนกลหยิบจับชิ้นงานด้วยระบบการมองเห็นของเครื่องจักร",
        "แขนกล 4 แกนที่ใช้กล้องและ OpenCV คัดแยกชิ้นงานตามสีและรูปทรง สำหรับสายการผลิตขนาดเล็ก",
        title_en="A machine-vision pick-and-place robot arm",
        body="ปัญหาของโรงงานขนาดเล็กคือการคัดแยกชิ้นงานด้วยแรงงานคน ซึ่งช้าและผิดพลาดบ่อย\n\n"
        "คณะผู้วิจัยสร้างแขนกล 4 แกน ควบคุมด้วยไมโครคอนโทรลเลอร์ ทำงานร่วมกับกล้องและโปรแกรม OpenCV "
        "ผลการทดสอบ 500 ครั้ง หยิบจับถูกต้องร้อยละ 96.4 ใช้เวลาเฉลี่ย 3.2 วินาทีต่อชิ้น",
        language=["th", "en"],
        industries=["robotics", "smart-electronics"],
        levels=["hvc"],
        keywords=["หุ่นยนต์", "machine vision", "OpenCV", "แขนกล"],
        authors=["นายธีรวัฒน์ บุญประเสริฐ", "นางสาวกัญญารัตน์ ทองดี"],
        year=2024,
        details={
            "abstract": "งานวิจัยนี้มีวัตถุประสงค์เพื่อสร้างและหาประสิทธิภาพของแขนกลหยิบจับชิ้นงาน"
            "ด้วยระบบการมองเห็นของเครื่องจักร ผลการทดลองพบว่าความแม่นยำร้อยละ 96.4",
            "research_type": "innovation",
        },
        file="report-robot-arm.pdf",
    ),
    _r(
        "demo-f64-11-research-2",
        "research",
        MECHATRONICS,
        "การบำรุงรักษาเชิงพยากรณ์ของมอเตอร์สายพานลำเลียงด้วยเซนเซอร์วัดการสั่นสะเทือน",
        "ระบบเก็บข้อมูลการสั่นสะเทือนแบบ IoT เตือนก่อนมอเตอร์เสียในโรงงานนิคมอุตสาหกรรมอีสเทิร์นซีบอร์ด",
        title_en="Predictive maintenance of conveyor motors with vibration sensors",
        language=["th"],
        industries=["robotics", "digital"],
        levels=["hvc", "btech"],
        keywords=["IoT", "บำรุงรักษาเชิงพยากรณ์", "มอเตอร์"],
        authors=["นายสุรชัย แสงอรุณ"],
        year=2023,
        licence="cc-by-nc",
        details={"research_type": "applied", "doi": "10.14456/ic.2023.11"},
    ),
    _r(
        "demo-f64-11-ebook-1",
        "ebook",
        MECHATRONICS,
        "ระบบนิวแมติกส์และไฮดรอลิกส์เบื้องต้น",
        "หนังสือเรียนอิเล็กทรอนิกส์ พร้อมแบบฝึกต่อวงจรนิวแมติกส์ 20 วงจร ตามหลักสูตร ปวส.",
        language=["th"],
        industries=["robotics"],
        levels=["pvc", "hvc"],
        keywords=["นิวแมติกส์", "ไฮดรอลิกส์"],
        authors=["นายวีระพงษ์ จันทร์หอม"],
        year=2022,
        details={
            "isbn": "978-616-00-1234-5",
            "page_count": 184,
            "publisher": "วิทยาลัยเทคนิคสัตหีบ",
            "edition": "พิมพ์ครั้งที่ 2",
        },
        file="ebook-pneumatics.pdf",
    ),
    _r(
        "demo-f64-11-ebook-2",
        "ebook",
        MECHATRONICS,
        "การเขียนโปรแกรม PLC ด้วยภาษาแลดเดอร์",
        "ตั้งแต่คำสั่งพื้นฐานจนถึงการควบคุมสายพานลำเลียงและสถานีคัดแยก พร้อมตัวอย่างโปรแกรม",
        title_en="PLC programming in ladder logic",
        language=["th", "en"],
        industries=["robotics", "smart-electronics"],
        levels=["hvc"],
        keywords=["PLC", "แลดเดอร์"],
        authors=["นายอนุชา ศรีวงศ์", "นายปกรณ์ มีสุข"],
        year=2024,
        details={"page_count": 236, "publisher": "สำนักงานคณะกรรมการการอาชีวศึกษา"},
    ),
    _r(
        "demo-f64-11-elearning-1",
        "elearning",
        MECHATRONICS,
        "หลักสูตรออนไลน์ เซนเซอร์และทรานสดิวเซอร์ในงานอุตสาหกรรม",
        "บทเรียนออนไลน์ 6 หน่วย พร้อมแบบทดสอบก่อนและหลังเรียน ใช้ร่วมกับ Moodle ของวิทยาลัย",
        language=["th"],
        industries=["smart-electronics"],
        levels=["hvc"],
        keywords=["เซนเซอร์", "Moodle"],
        authors=["นางสาวพิมพ์ชนก อินทร์แก้ว"],
        year=2025,
        url="https://moodle.example.ac.th/course/view.php?id=101",
        details={"duration_minutes": 540},
    ),
    _r(
        "demo-f64-11-elearning-2",
        "elearning",
        MECHATRONICS,
        "ความปลอดภัยในการทำงานกับหุ่นยนต์อุตสาหกรรม",
        "มาตรฐานความปลอดภัย ISO 10218 การกั้นพื้นที่ และการหยุดฉุกเฉิน สำหรับผู้เรียนระบบทวิภาคี",
        language=["th"],
        industries=["robotics"],
        levels=["hvc", "short-course"],
        keywords=["ความปลอดภัย", "หุ่นยนต์อุตสาหกรรม"],
        year=2024,
        details={"duration_minutes": 120, "video_url": "https://video.example.ac.th/robot-safety"},
    ),
    _r(
        "demo-f64-11-econtent-1",
        "econtent",
        MECHATRONICS,
        "อินโฟกราฟิก: ส่วนประกอบของหุ่นยนต์แขนกล 6 แกน",
        "ภาพอธิบายข้อต่อ มอเตอร์เซอร์โว ตัวขับ และชุดควบคุมของหุ่นยนต์แขนกล",
        language=["th"],
        industries=["robotics"],
        levels=["pvc", "hvc"],
        keywords=["หุ่นยนต์", "อินโฟกราฟิก"],
        year=2025,
        licence="cc-by-sa",
        body="หุ่นยนต์แขนกล 6 แกนประกอบด้วยฐาน ไหล่ ข้อศอก และข้อมือ 3 แกน\n\n"
        "แต่ละแกนขับด้วยมอเตอร์เซอร์โวและชุดเฟืองทดรอบ",
    ),
    _r(
        "demo-f64-11-econtent-2",
        "econtent",
        MECHATRONICS,
        "คลิปสาธิต: การตั้งค่าเซนเซอร์พร็อกซิมิตีแบบเหนี่ยวนำ",
        "วิดีโอสั้น 8 นาที สาธิตการต่อสายและปรับระยะตรวจจับ",
        language=["th"],
        industries=["smart-electronics"],
        levels=["pvc"],
        keywords=["เซนเซอร์", "วิดีโอ"],
        year=2023,
        details={"duration_minutes": 8, "video_url": "https://video.example.ac.th/proximity"},
    ),
    _r(
        "demo-f64-11-simulator-1",
        "simulator",
        MECHATRONICS,
        "สถานีจำลองสายพานคัดแยกชิ้นงานด้วย PLC",
        "ฝึกเขียนโปรแกรมควบคุมสายพาน เซนเซอร์ และกระบอกสูบคัดแยก โดยไม่ต้องใช้เครื่องจริง",
        language=["th"],
        industries=["robotics"],
        levels=["hvc"],
        keywords=["PLC", "สายพานลำเลียง", "จำลอง"],
        year=2025,
        details={
            "equipment": "PLC และสายพานลำเลียงพร้อมกระบอกสูบคัดแยก 3 ช่อง",
            "instructions": "เปิดสถานีจำลองและศึกษาแผนผังอุปกรณ์\n\n"
            "เขียนโปรแกรมให้คัดแยกชิ้นงานโลหะออกช่องที่ 1 และชิ้นงานพลาสติกออกช่องที่ 2",
            # No runnable package in the demo: ungraded, so no Moodle grade column it cannot fill.
            "is_graded": False,
        },
    ),
    _r(
        "demo-f64-11-simulator-2",
        "simulator",
        MECHATRONICS,
        "แบบจำลองการสอนตำแหน่งหุ่นยนต์แขนกล (Teach Pendant)",
        "ฝึกการสอนตำแหน่งและบันทึกโปรแกรมเคลื่อนที่แบบ Joint และ Linear",
        language=["th"],
        industries=["robotics"],
        levels=["hvc", "btech"],
        keywords=["หุ่นยนต์", "Teach Pendant"],
        year=2024,
        details={"equipment": "หุ่นยนต์แขนกล 6 แกนและชุดสอนตำแหน่ง", "is_graded": False},
    ),
    _r(
        "demo-f64-11-expert-1",
        "expert",
        MECHATRONICS,
        "นายประเสริฐ วงศ์ช่างกล",
        "วิศวกรระบบอัตโนมัติประสบการณ์ 15 ปี ผู้ประเมินสมรรถนะสาขาเมคคาทรอนิกส์",
        industries=["robotics"],
        keywords=["ระบบอัตโนมัติ", "PLC"],
        details={
            "organisation": "บริษัท อีสเทิร์น ออโตเมชัน จำกัด",
            "position": "ผู้จัดการฝ่ายวิศวกรรม",
            "expertise": "การออกแบบระบบ PLC หุ่นยนต์อุตสาหกรรม และระบบนิวแมติกส์",
            "expert_kind": "industry",
            "contact_preference": "on_request",
        },
    ),
    _r(
        "demo-f64-11-expert-2",
        "expert",
        MECHATRONICS,
        "นางสาวศิริพร แก้วประเสริฐ",
        "ครูชำนาญการพิเศษ แผนกวิชาเมคคาทรอนิกส์ ผู้ฝึกสอนทีมแข่งขันหุ่นยนต์ระดับชาติ",
        industries=["robotics"],
        keywords=["หุ่นยนต์", "การแข่งขัน"],
        details={
            "organisation": "วิทยาลัยเทคนิคสัตหีบ",
            "position": "ครูชำนาญการพิเศษ",
            "expertise": "หุ่นยนต์เคลื่อนที่ ไมโครคอนโทรลเลอร์ และระบบควบคุม",
            "expert_kind": "teacher",
            "contact_preference": "public",
            "email": "siriporn@example.ac.th",
        },
    ),
    _r(
        "demo-f64-11-employer-1",
        "employer",
        MECHATRONICS,
        "บริษัท สยามโรโบติกส์ อินดัสทรี จำกัด",
        "ผู้ผลิตชิ้นส่วนยานยนต์ในนิคมอุตสาหกรรมอมตะซิตี้ ชลบุรี ใช้หุ่นยนต์เชื่อมกว่า 120 ตัว",
        industries=["robotics", "next-gen-automotive"],
        url="https://example.com/siam-robotics",
        details={
            "business": "ผลิตชิ้นส่วนโครงสร้างรถยนต์ด้วยหุ่นยนต์เชื่อม",
            "province": "ชลบุรี",
            "size": "large",
            "origin": "domestic",
            "is_dual_partner": True,
        },
        demand=[
            {
                "year": 2025,
                "position": "ช่างเทคนิคซ่อมบำรุงหุ่นยนต์",
                "headcount": 12,
                "level": "hvc",
                "competencies": "PLC, ระบบนิวแมติกส์, การอ่านแบบไฟฟ้า",
            },
            {
                "year": 2026,
                "position": "ผู้ควบคุมหุ่นยนต์เชื่อม",
                "headcount": 20,
                "level": "pvc",
                "competencies": "การสอนตำแหน่งหุ่นยนต์, ความปลอดภัย",
            },
        ],
    ),
    _r(
        "demo-f64-11-employer-2",
        "employer",
        MECHATRONICS,
        "บริษัท เจแปน พรีซิชั่น ออโตเมชัน (ประเทศไทย) จำกัด",
        "บริษัทญี่ปุ่นผลิตเครื่องจักรอัตโนมัติ รับนักศึกษาฝึกงานทวิภาคีปีละ 30 คน",
        industries=["robotics", "smart-electronics"],
        details={
            "business": "ออกแบบและประกอบเครื่องจักรอัตโนมัติ",
            "province": "ระยอง",
            "size": "medium",
            "origin": "foreign",
            "is_dual_partner": True,
        },
        demand=[
            {
                "year": 2025,
                "position": "ช่างประกอบเครื่องจักรอัตโนมัติ",
                "headcount": 8,
                "level": "hvc",
                "competencies": "การอ่านแบบเครื่องกล, เซนเซอร์",
            }
        ],
    ),
    # --- F66-17 สาขาวิชาเทคนิคยานยนต์ไฟฟ้า (วิทยาลัยเทคนิคชลบุรี) ------------------------------
    _r(
        "demo-f66-17-research-1",
        "research",
        EV,
        "การศึกษาสมรรถนะแบตเตอรี่ลิเทียมไอออนฟอสเฟตที่นำกลับมาใช้ใหม่ในระบบกักเก็บพลังงาน",
        "ทดสอบแบตเตอรี่จากรถยนต์ไฟฟ้าที่หมดอายุการใช้งาน 40 ชุด เพื่อใช้กับระบบโซลาร์เซลล์ในวิทยาลัย",
        title_en="Second-life LFP batteries for energy storage",
        language=["th", "en"],
        industries=["next-gen-automotive", "biofuels-biochemicals"],
        levels=["btech"],
        keywords=["แบตเตอรี่", "ยานยนต์ไฟฟ้า", "second life"],
        authors=["นายจักรพันธ์ ศรีสวัสดิ์", "Dr. Kenji Watanabe"],
        year=2025,
        details={"research_type": "applied"},
        file="report-lfp.pdf",
    ),
    _r(
        "demo-f66-17-research-2",
        "research",
        EV,
        "ความต้องการกำลังคนช่างเทคนิคยานยนต์ไฟฟ้าในภาคตะวันออก พ.ศ. 2567–2570",
        "สำรวจสถานประกอบการ 85 แห่งในชลบุรีและระยอง ถึงจำนวนและสมรรถนะช่างที่ต้องการ",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["hvc", "btech"],
        keywords=["กำลังคน", "ยานยนต์ไฟฟ้า"],
        authors=["นางวราภรณ์ พึ่งทอง"],
        year=2024,
        details={"research_type": "survey"},
    ),
    _r(
        "demo-f66-17-ebook-1",
        "ebook",
        EV,
        "คู่มือช่างเทคนิคยานยนต์ไฟฟ้า: ความปลอดภัยงานไฟฟ้าแรงดันสูง",
        "ขั้นตอนตัดไฟแรงดันสูง อุปกรณ์ป้องกันส่วนบุคคล และการตรวจวัดก่อนปฏิบัติงาน",
        title_en="EV technician handbook: high-voltage safety",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["pvc", "hvc"],
        keywords=["EV", "ไฟฟ้าแรงดันสูง", "ความปลอดภัย"],
        authors=["นายวิทยา ศรีสุข"],
        year=2023,
        details={"page_count": 96, "publisher": "วิทยาลัยเทคนิคชลบุรี", "edition": "พิมพ์ครั้งที่ 1"},
        file="ebook-ev-safety.pdf",
        licence="cc-by-nc",
    ),
    _r(
        "demo-f66-17-ebook-2",
        "ebook",
        EV,
        "ระบบขับเคลื่อนและการจัดการแบตเตอรี่ของรถยนต์ไฟฟ้า",
        "มอเตอร์ขับเคลื่อน อินเวอร์เตอร์ และระบบจัดการแบตเตอรี่ (BMS) พร้อมกรณีศึกษาการวิเคราะห์ปัญหา",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["hvc", "btech"],
        keywords=["BMS", "อินเวอร์เตอร์"],
        authors=["นายชาญวิทย์ ทองคำ"],
        year=2025,
        details={
            "isbn": "978-616-00-5678-9",
            "page_count": 212,
            "publisher": "สำนักงานคณะกรรมการการอาชีวศึกษา",
        },
    ),
    _r(
        "demo-f66-17-elearning-1",
        "elearning",
        EV,
        "หลักสูตรระยะสั้น การตรวจวินิจฉัยรถยนต์ไฟฟ้าด้วยเครื่องสแกน",
        "เรียนออนไลน์ 12 ชั่วโมง ฝึกอ่านรหัสปัญหาและข้อมูลสดของระบบขับเคลื่อนไฟฟ้า",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["short-course"],
        keywords=["วินิจฉัย", "สแกนเนอร์"],
        year=2025,
        url="https://moodle.example.ac.th/course/view.php?id=217",
        details={"duration_minutes": 720},
    ),
    _r(
        "demo-f66-17-elearning-2",
        "elearning",
        EV,
        "การบำรุงรักษาเครื่องอัดประจุไฟฟ้า (EV Charger)",
        "ประเภทหัวชาร์จ AC/DC การตรวจสอบตามระยะ และการแก้ปัญหาเบื้องต้น",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["hvc"],
        keywords=["EV Charger", "บำรุงรักษา"],
        year=2024,
        details={"duration_minutes": 180},
    ),
    _r(
        "demo-f66-17-econtent-1",
        "econtent",
        EV,
        "ความแตกต่างของรถยนต์ HEV PHEV และ BEV",
        "บทความสั้นพร้อมแผนภาพ เปรียบเทียบระบบขับเคลื่อนไฮบริด ปลั๊กอินไฮบริด และไฟฟ้าล้วน",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["pvc"],
        keywords=["ไฮบริด", "ยานยนต์ไฟฟ้า"],
        year=2024,
        body="รถยนต์ไฮบริด (HEV) ใช้เครื่องยนต์ร่วมกับมอเตอร์ไฟฟ้า\n\n"
        "รถยนต์ไฟฟ้าล้วน (BEV) ใช้พลังงานจากแบตเตอรี่เพียงอย่างเดียว",
    ),
    _r(
        "demo-f66-17-econtent-2",
        "econtent",
        EV,
        "วิดีโอ: การถอดประกอบชุดแบตเตอรี่แรงดันสูงอย่างปลอดภัย",
        "สาธิตขั้นตอนในศูนย์ฝึกของวิทยาลัยเทคนิคชลบุรี ความยาว 15 นาที",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["hvc"],
        keywords=["แบตเตอรี่", "วิดีโอ"],
        year=2025,
        details={"duration_minutes": 15, "video_url": "https://video.example.ac.th/hv-battery"},
    ),
    _r(
        "demo-f66-17-simulator-1",
        "simulator",
        EV,
        "เครื่องจำลองการวัดฉนวนระบบไฟฟ้าแรงดันสูง",
        "ฝึกใช้เครื่องวัดความต้านทานฉนวนกับวงจรแรงดันสูงของรถยนต์ไฟฟ้าจำลอง",
        language=["th"],
        industries=["next-gen-automotive"],
        levels=["hvc"],
        keywords=["ฉนวน", "แรงดันสูง", "จำลอง"],
        year=2025,
        details={
            "equipment": "เครื่องวัดความต้านทานฉนวน (Insulation tester) 1000 V",
            "instructions": "เลือกจุดวัดตามใบงาน\n\nบันทึกค่าที่วัดได้และสรุปผลว่าผ่านหรือไม่ผ่าน",
            # No runnable package in the demo: ungraded, so no Moodle grade column it cannot fill.
            "is_graded": False,
        },
    ),
    _r(
        "demo-f66-17-simulator-2",
        "simulator",
        EV,
        "แบบจำลองการทำงานของระบบจัดการแบตเตอรี่ (BMS)",
        "ปรับค่าแรงดันเซลล์และอุณหภูมิ แล้วสังเกตการทำงานของการถ่วงดุลเซลล์",
        language=["th", "en"],
        industries=["next-gen-automotive"],
        levels=["hvc", "btech"],
        keywords=["BMS", "จำลอง"],
        year=2024,
        details={"equipment": "ชุดแบตเตอรี่ 96 เซลล์พร้อม BMS"},
    ),
    _r(
        "demo-f66-17-expert-1",
        "expert",
        EV,
        "นายสมบัติ เจริญยนต์",
        "ผู้เชี่ยวชาญระบบขับเคลื่อนไฟฟ้า ประสบการณ์ศูนย์บริการรถยนต์ไฟฟ้า 10 ปี",
        industries=["next-gen-automotive"],
        keywords=["ยานยนต์ไฟฟ้า", "ระบบขับเคลื่อน"],
        details={
            "organisation": "บริษัท อีวี เซอร์วิส ไทยแลนด์ จำกัด",
            "position": "หัวหน้าช่างเทคนิค",
            "expertise": "การวินิจฉัยระบบขับเคลื่อนไฟฟ้าและแบตเตอรี่แรงดันสูง",
            "expert_kind": "industry",
            "contact_preference": "on_request",
        },
    ),
    _r(
        "demo-f66-17-expert-2",
        "expert",
        EV,
        "นางสาวอรทัย พลอยงาม",
        "ครูแผนกวิชาช่างยนต์ ผ่านการอบรมช่างเทคนิคยานยนต์ไฟฟ้าจากผู้ผลิตรถยนต์",
        industries=["next-gen-automotive"],
        keywords=["ครูฝึก", "ยานยนต์ไฟฟ้า"],
        details={
            "organisation": "วิทยาลัยเทคนิคชลบุรี",
            "position": "ครู",
            "expertise": "ระบบไฟฟ้ารถยนต์ การบำรุงรักษาเครื่องอัดประจุ",
            "expert_kind": "teacher",
            "contact_preference": "public",
            "phone": "038-000-000",
        },
    ),
    _r(
        "demo-f66-17-employer-1",
        "employer",
        EV,
        "บริษัท กรีนโมบิลิตี้ แอสเซมบลี จำกัด",
        "โรงงานประกอบรถยนต์ไฟฟ้าในเขตพัฒนาพิเศษภาคตะวันออก กำลังการผลิต 50,000 คันต่อปี",
        industries=["next-gen-automotive"],
        url="https://example.com/green-mobility",
        details={
            "business": "ประกอบรถยนต์ไฟฟ้าและชุดแบตเตอรี่",
            "province": "ระยอง",
            "size": "large",
            "origin": "foreign",
            "is_dual_partner": True,
        },
        demand=[
            {
                "year": 2025,
                "position": "ช่างประกอบชุดแบตเตอรี่",
                "headcount": 40,
                "level": "hvc",
                "competencies": "ความปลอดภัยไฟฟ้าแรงดันสูง, การใช้เครื่องมือวัด",
            },
            {
                "year": 2026,
                "position": "ช่างทดสอบคุณภาพรถยนต์ไฟฟ้า",
                "headcount": 15,
                "level": "btech",
                "competencies": "การวินิจฉัยด้วยเครื่องสแกน, การอ่านแบบวงจร",
            },
        ],
    ),
    _r(
        "demo-f66-17-employer-2",
        "employer",
        EV,
        "ห้างหุ้นส่วนจำกัด ชลบุรี อีวี เซอร์วิส",
        "อู่บริการรถยนต์ไฟฟ้าและติดตั้งเครื่องอัดประจุสำหรับบ้านพักอาศัย",
        industries=["next-gen-automotive"],
        details={
            "business": "ซ่อมบำรุงรถยนต์ไฟฟ้าและติดตั้งเครื่องอัดประจุ",
            "province": "ชลบุรี",
            "size": "small",
            "origin": "domestic",
            "is_dual_partner": False,
        },
        demand=[
            {
                "year": 2025,
                "position": "ช่างติดตั้งเครื่องอัดประจุ",
                "headcount": 4,
                "level": "pvc",
                "competencies": "การเดินสายไฟฟ้า, มาตรฐานการติดตั้ง",
            }
        ],
    ),
    # --- F64-06 สาขาวิชาการโรงแรม (วิทยาลัยอาชีวศึกษาภูเก็ต) -----------------------------------
    _r(
        "demo-f64-06-research-1",
        "research",
        HOTEL,
        "การพัฒนาสมรรถนะภาษาอังกฤษเพื่อการบริการส่วนหน้าด้วยการเรียนรู้จากการทำงาน",
        "ผลการจัดการเรียนรู้แบบ WiL ร่วมกับโรงแรม 5 แห่งในภูเก็ต ต่อทักษะการสื่อสารของนักศึกษา ปวส.",
        title_en="Front-office English through work-integrated learning",
        language=["th", "en"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["hvc"],
        keywords=["ภาษาอังกฤษ", "งานส่วนหน้า", "WiL"],
        authors=["นางสาวปาริชาติ ทะเลงาม"],
        year=2024,
        details={"research_type": "classroom"},
        file="report-front-office.pdf",
    ),
    _r(
        "demo-f64-06-research-2",
        "research",
        HOTEL,
        "แนวทางการจัดการขยะอาหารในครัวโรงแรมขนาดกลางของจังหวัดภูเก็ต",
        "สำรวจปริมาณขยะอาหารและเสนอแนวทางลดขยะร่วมกับผู้ประกอบการ 12 แห่ง",
        language=["th"],
        industries=["affluent-medical-wellness-tourism", "food-processing"],
        levels=["hvc", "btech"],
        keywords=["ขยะอาหาร", "ครัวโรงแรม"],
        authors=["นายณัฐพล ศรีภูเก็ต"],
        year=2023,
        details={"research_type": "survey"},
    ),
    _r(
        "demo-f64-06-ebook-1",
        "ebook",
        HOTEL,
        "งานแม่บ้านโรงแรม: มาตรฐานการทำความสะอาดห้องพัก",
        "ขั้นตอนการจัดเตียง ทำความสะอาดห้องน้ำ และตรวจห้องก่อนส่งมอบ ตามมาตรฐานอาเซียน",
        language=["th"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["pvc", "hvc"],
        keywords=["แม่บ้าน", "ห้องพัก"],
        authors=["นางสุนีย์ บุญมา"],
        year=2022,
        details={"page_count": 120, "publisher": "วิทยาลัยอาชีวศึกษาภูเก็ต"},
        file="ebook-housekeeping.pdf",
    ),
    _r(
        "demo-f64-06-ebook-2",
        "ebook",
        HOTEL,
        "ภาษาอังกฤษสำหรับพนักงานต้อนรับส่วนหน้า",
        "บทสนทนาการเช็กอิน เช็กเอาต์ และการรับข้อร้องเรียน พร้อมไฟล์เสียง",
        title_en="English for front-office staff",
        language=["th", "en"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["hvc"],
        keywords=["ภาษาอังกฤษ", "ต้อนรับ"],
        authors=["Ms. Sarah Collins", "นางสาวปาริชาติ ทะเลงาม"],
        year=2024,
        details={"page_count": 88, "edition": "Second edition"},
    ),
    _r(
        "demo-f64-06-elearning-1",
        "elearning",
        HOTEL,
        "บทเรียนออนไลน์ การบริการอาหารและเครื่องดื่มแบบสากล",
        "การจัดโต๊ะ การเสิร์ฟแบบอเมริกันและฝรั่งเศส และการแนะนำไวน์เบื้องต้น",
        language=["th"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["hvc"],
        keywords=["อาหารและเครื่องดื่ม", "การเสิร์ฟ"],
        year=2025,
        url="https://moodle.example.ac.th/course/view.php?id=330",
        details={"duration_minutes": 360},
    ),
    _r(
        "demo-f64-06-elearning-2",
        "elearning",
        HOTEL,
        "การใช้ระบบจัดการโรงแรม (PMS) สำหรับงานส่วนหน้า",
        "ฝึกรับจอง จัดสรรห้องพัก และออกใบเสร็จในระบบ PMS ตัวอย่าง",
        language=["th"],
        industries=["affluent-medical-wellness-tourism", "digital"],
        levels=["hvc", "short-course"],
        keywords=["PMS", "งานส่วนหน้า"],
        year=2024,
        details={"duration_minutes": 240},
    ),
    _r(
        "demo-f64-06-econtent-1",
        "econtent",
        HOTEL,
        "อินโฟกราฟิก: 10 ขั้นตอนการต้อนรับแขกแบบไทย",
        "ตั้งแต่การไหว้ทักทาย การยื่นเครื่องดื่มต้อนรับ จนถึงการนำแขกเข้าห้องพัก",
        language=["th"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["pvc"],
        keywords=["การต้อนรับ", "อินโฟกราฟิก"],
        year=2025,
        body="การต้อนรับแบบไทยเริ่มจากการไหว้และรอยยิ้ม\n\nตามด้วยเครื่องดื่มสมุนไพรเย็น",
    ),
    _r(
        "demo-f64-06-econtent-2",
        "econtent",
        HOTEL,
        "วิดีโอ: การพับผ้าเช็ดปากรูปแบบต่าง ๆ",
        "สาธิตการพับผ้าเช็ดปาก 12 แบบสำหรับงานเลี้ยงและห้องอาหาร",
        language=["th"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["pvc"],
        keywords=["ผ้าเช็ดปาก", "วิดีโอ"],
        year=2023,
        details={"duration_minutes": 20, "video_url": "https://video.example.ac.th/napkin"},
    ),
    _r(
        "demo-f64-06-simulator-1",
        "simulator",
        HOTEL,
        "สถานการณ์จำลองการรับแขกเช็กอินที่เคาน์เตอร์ส่วนหน้า",
        "เลือกคำตอบและการกระทำในสถานการณ์เช็กอิน 8 แบบ รวมถึงแขกที่ห้องไม่พร้อม",
        language=["th", "en"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["hvc"],
        keywords=["เช็กอิน", "สถานการณ์จำลอง"],
        year=2025,
        details={
            "equipment": "เคาน์เตอร์ส่วนหน้าและระบบ PMS จำลอง",
            "instructions": "อ่านสถานการณ์\n\nเลือกการตอบสนองที่เหมาะสมที่สุด",
            # No runnable package in the demo: ungraded, so no Moodle grade column it cannot fill.
            "is_graded": False,
        },
    ),
    _r(
        "demo-f64-06-simulator-2",
        "simulator",
        HOTEL,
        "ห้องพักจำลองสามมิติสำหรับฝึกตรวจความเรียบร้อย",
        "สำรวจห้องพักจำลองและค้นหาจุดบกพร่อง 15 จุดก่อนส่งมอบห้องให้แขก",
        language=["th"],
        industries=["affluent-medical-wellness-tourism"],
        levels=["pvc", "hvc"],
        keywords=["แม่บ้าน", "สามมิติ"],
        year=2024,
        details={"equipment": "ห้องพักโรงแรมแบบดีลักซ์"},
    ),
    _r(
        "demo-f64-06-expert-1",
        "expert",
        HOTEL,
        "นางรัชนี อันดามันวงศ์",
        "ผู้จัดการฝ่ายทรัพยากรบุคคลโรงแรมระดับห้าดาว ผู้ประเมินมาตรฐานอาชีพสาขาการโรงแรม",
        industries=["affluent-medical-wellness-tourism"],
        keywords=["ทรัพยากรบุคคล", "มาตรฐานอาชีพ"],
        details={
            "organisation": "โรงแรมอันดามันบีช รีสอร์ท",
            "position": "ผู้จัดการฝ่ายทรัพยากรบุคคล",
            "expertise": "การพัฒนาบุคลากรโรงแรม มาตรฐานสมรรถนะอาชีพ",
            "expert_kind": "industry",
            "contact_preference": "on_request",
        },
    ),
    _r(
        "demo-f64-06-expert-2",
        "expert",
        HOTEL,
        "นายอภิชาติ ทองภูเก็ต",
        "ครูเชี่ยวชาญสาขาการโรงแรม ผู้ฝึกสอนการแข่งขันทักษะวิชาชีพระดับอาเซียน",
        industries=["affluent-medical-wellness-tourism"],
        keywords=["ครูฝึก", "การแข่งขันทักษะ"],
        details={
            "organisation": "วิทยาลัยอาชีวศึกษาภูเก็ต",
            "position": "ครูเชี่ยวชาญ",
            "expertise": "งานบริการอาหารและเครื่องดื่ม งานส่วนหน้า",
            "expert_kind": "teacher",
            "contact_preference": "public",
            "email": "apichat@example.ac.th",
        },
    ),
    _r(
        "demo-f64-06-employer-1",
        "employer",
        HOTEL,
        "โรงแรมอันดามันบีช รีสอร์ท",
        "โรงแรมระดับห้าดาวหาดป่าตอง 320 ห้อง รับนักศึกษาฝึกงานระบบทวิภาคีทุกภาคเรียน",
        industries=["affluent-medical-wellness-tourism"],
        url="https://example.com/andaman-beach",
        details={
            "business": "โรงแรมและรีสอร์ท",
            "province": "ภูเก็ต",
            "size": "large",
            "origin": "domestic",
            "is_dual_partner": True,
        },
        demand=[
            {
                "year": 2025,
                "position": "พนักงานต้อนรับส่วนหน้า",
                "headcount": 8,
                "level": "hvc",
                "competencies": "ภาษาอังกฤษเพื่อการสื่อสาร, ระบบ PMS",
            },
            {
                "year": 2025,
                "position": "พนักงานบริการอาหารและเครื่องดื่ม",
                "headcount": 15,
                "level": "pvc",
                "competencies": "การเสิร์ฟแบบสากล, ความปลอดภัยอาหาร",
            },
        ],
    ),
    _r(
        "demo-f64-06-employer-2",
        "employer",
        HOTEL,
        "บริษัท ภูเก็ต เวลเนส สปา แอนด์ รีสอร์ท จำกัด",
        "รีสอร์ทเพื่อสุขภาพ บริการสปาและอาหารสุขภาพ สำหรับนักท่องเที่ยวต่างชาติ",
        industries=["affluent-medical-wellness-tourism"],
        details={
            "business": "รีสอร์ทเพื่อสุขภาพและสปา",
            "province": "ภูเก็ต",
            "size": "medium",
            "origin": "foreign",
            "is_dual_partner": True,
        },
        demand=[
            {
                "year": 2026,
                "position": "พนักงานสปาและนวดไทย",
                "headcount": 10,
                "level": "short-course",
                "competencies": "นวดไทยเพื่อสุขภาพ, การต้อนรับ",
            }
        ],
    ),
]


def demo_pdf_bytes(title: str) -> bytes:
    """A tiny valid one-page PDF (ASCII title: the standard fonts have no Thai glyphs)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def demo_cover_bytes(*, label: str, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(image)
    for n in range(0, 640, 40):
        draw.line([(n, 400), (n + 200, 0)], fill=tuple(min(255, c + 25) for c in colour), width=8)
    draw.rectangle([40, 150, 600, 250], fill=(255, 255, 255))
    draw.text((70, 170), label, fill=colour, font=ImageFont.load_default(size=48))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


COVER_COLOURS = {MECHATRONICS: (11, 83, 148), EV: (30, 120, 70), HOTEL: (150, 70, 30)}


def _covers_ensure(progress: Progress) -> None:
    """A drawn cover for each demo e-book (set through a revision, once)."""
    from wagtail.images import get_image_model

    from content.models import EBookPage
    from content.services import field_collection_ensure

    Image = get_image_model()
    for page in EBookPage.objects.filter(
        external_id__startswith="demo-", cover_image__isnull=True
    ).select_related("home_field"):
        code = page.home_field.code
        title = f"Intelligent Center {code} cover"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = demo_cover_bytes(
                label=f"{code}  e-book", colour=COVER_COLOURS.get(code, (0, 0, 0))
            )
            image = Image(
                title=title, collection=field_collection_ensure(field_of_study=page.home_field)
            )
            image.file.save(f"cover-{code.lower()}.png", ImageFile(io.BytesIO(data), name="c.png"))
            image.save()
        page.cover_image = image
        page.save_revision().publish()
        progress(f"  cover for {page.external_id}")


def demo_resources_ensure(progress: Progress) -> None:
    """Imports the demo records (idempotent: unchanged records are skipped)."""
    from content import importing

    with tempfile.TemporaryDirectory(prefix="ic-demo-") as folder:
        base = Path(folder)
        for record in DEMO_RECORDS:
            if record.get("file"):
                name = record["file"]
                (base / name).write_bytes(demo_pdf_bytes(record.get("title_en") or name))
        report = importing.resources_import_dicts(records=DEMO_RECORDS, base_dir=base)
        if report.errors:
            raise RuntimeError("Demo records are invalid: " + "; ".join(map(str, report.errors)))
    progress(
        f"Demo resources: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    _covers_ensure(progress)
