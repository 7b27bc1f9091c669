"""The texts of Plan 305/KH-UBND that the reference data loads, as the Vietnamese source states them.

Source: the press article on the plan (../shared/domain/seed-article.vi.txt at the time of writing).
Group names are the article's words; each agency's responsibility is its sentence in the article, with
only connective words ("Đáng chú ý", "Cùng với đó") left out. Nothing here is paraphrased.
"""

import datetime
from decimal import Decimal

PLAN = {
    "number": "305/KH-UBND",
    "title": "Kế hoạch phát triển cụm công nghiệp trên địa bàn thành phố Hà Nội năm 2026",
    "issued_on": datetime.date(2025, 11, 12),
    "issuing_body": "UBND Thành phố Hà Nội",
    "year": 2026,
    "period_start": datetime.date(2026, 1, 1),
    "period_end": datetime.date(2026, 12, 31),
    "summary": (
        "Hoàn thành hạ tầng kỹ thuật cho 26 cụm công nghiệp đã khởi công trong giai đoạn 2021-2025, đồng thời "
        "lấp đầy 6 cụm công nghiệp đã hoàn thiện; thành lập hoặc mở rộng thêm từ 5 đến 10 cụm công nghiệp mới, "
        "bảo đảm phù hợp với Quy hoạch Thủ đô thời kỳ 2021-2030, tầm nhìn đến năm 2050; 100% cụm công nghiệp "
        "xây dựng mới phải có hệ thống xử lý nước thải đạt tiêu chuẩn quốc gia."
    ),
    # The city's own figures, as the plan's article states them (seed-article.vi.txt): the dashboard and the plan
    # report set the register's beside them (tasks.figures.comparison_rows).
    "register_figures": {
        "operating_clusters": 70,
        "operating_area_ha": 1686,
        "enterprises": 3864,
        "workers": {"value": 80000, "approximate": True},  # "khoảng 80.000 người"
        "budget_billion_vnd_per_year": 1100,
        "building_clusters": 44,
        "new_clusters": 25,
        "new_area_ha": 288,
        "clusters_2030": 174,
        "area_2030_ha": 5824,
    },
}

# The reason written into every history record the reference loader leaves.
LOAD_REASON = "Nạp dữ liệu tham chiếu Kế hoạch 305/KH-UBND"

# "5 nhóm nhiệm vụ trọng tâm", in the article's order.
TASK_GROUPS = {
    1: "Hoàn thiện cơ chế, chính sách phát triển cụm công nghiệp",
    2: "Quản lý, vận hành hiệu quả các cụm đã đi vào hoạt động",
    3: "Đẩy nhanh đầu tư hạ tầng kỹ thuật các cụm đã có quyết định thành lập",
    4: "Thúc đẩy hình thành cụm công nghiệp mới",
    5: "Tăng cường công tác kiểm tra, giám sát",
}

# The six city agencies of the plan. ``groups``: the task groups the duty obviously serves (an editorial
# link, adjustable in the admin); the focal agency coordinates them all.
CITY_AGENCIES = [
    {
        "code": "SCT",
        "name": "Sở Công Thương",
        "short_name": "Sở Công Thương",
        "kind": "department",
        "is_focal_point": True,
        "responsibility": (
            "Sở Công Thương được giao làm cơ quan đầu mối, phối hợp các sở, ngành và địa phương tổ chức triển khai, "
            "giám sát tiến độ, đảm bảo đúng quy định."
        ),
        "groups": [1, 2, 3, 4, 5],
    },
    {
        "code": "SXD",
        "name": "Sở Xây dựng",
        "short_name": "Sở Xây dựng",
        "kind": "department",
        "responsibility": "Sở Xây dựng chịu trách nhiệm hướng dẫn về thủ tục cấp phép, thiết kế, nghiệm thu hạ tầng kỹ thuật.",
        "groups": [3],
    },
    {
        "code": "STC",
        "name": "Sở Tài chính",
        "short_name": "Sở Tài chính",
        "kind": "department",
        "responsibility": "Sở Tài chính tổ chức xúc tiến đầu tư và thẩm định các dự án trong cụm công nghiệp.",
        "groups": [2, 4],
    },
    {
        "code": "SNNMT",
        "name": "Sở Nông nghiệp và Môi trường",
        "short_name": "Sở Nông nghiệp và Môi trường",
        "kind": "department",
        "responsibility": (
            "Sở Nông nghiệp và Môi trường sẽ tập trung rút ngắn thời gian giải phóng mặt bằng và thủ tục đất đai, "
            "tạo quỹ đất sạch cho nhà đầu tư."
        ),
        "groups": [3, 4],
    },
    {
        "code": "CATP",
        "name": "Công an Thành phố Hà Nội",
        "short_name": "Công an TP. Hà Nội",
        "kind": "police",
        "responsibility": (
            "Công an TP. Hà Nội tăng cường kiểm tra, huấn luyện PCCC, đảm bảo an ninh trật tự tại các cụm công nghiệp."
        ),
        "groups": [2, 5],
    },
    {
        "code": "BQLDA-HTKT",
        "name": "Ban quản lý dự án đầu tư xây dựng công trình hạ tầng kỹ thuật và nông nghiệp Thành phố",
        "short_name": "Ban QLDA hạ tầng kỹ thuật và nông nghiệp",
        "kind": "project_board",
        "responsibility": (
            "Ban quản lý dự án đầu tư xây dựng công trình hạ tầng kỹ thuật và nông nghiệp Thành phố được giao hoàn "
            "thiện và bàn giao hệ thống xử lý nước thải tại 11 cụm công nghiệp đang hoạt động."
        ),
        "groups": [2],
    },
]
CITY_AGENCY_CODES = [agency["code"] for agency in CITY_AGENCIES]

# The duty of every commune/ward People's Committee that hosts a cluster (the article's sentence).
COMMUNE_COMMITTEE_RESPONSIBILITY = (
    "UBND các quận, huyện, xã, phường cũng được yêu cầu đẩy nhanh điều chỉnh, phê duyệt quy hoạch chi tiết tỷ lệ "
    "1/500 cho các cụm công nghiệp, đảm bảo thống nhất với quy hoạch cấp trên, tiêu chuẩn kỹ thuật và tiến độ "
    "khởi công."
)
COMMUNE_COMMITTEE_GROUPS = [3, 4]


def commune_committee_code(commune_code):
    return f"UBND-{commune_code}"


# The plan's five targets (chỉ tiêu). The plan names no clusters, so every target loads with an empty
# cluster list: the Department fills the lists of the 26, the 6 and the 11 on the target's page.
TARGETS = [
    {
        "order": 1,
        "description": "Hoàn thành hạ tầng kỹ thuật cho 26 cụm công nghiệp đã khởi công trong giai đoạn 2021-2025",
        "measure": "infrastructure_completed",
        "target_min": Decimal("26"),
        "unit": "cụm",
        "notes": (
            "Kế hoạch không nêu tên 26 cụm: danh sách cụm được đo để trống khi nạp dữ liệu, "
            "Sở Công Thương lập danh sách trên trang của chỉ tiêu."
        ),
    },
    {
        "order": 2,
        "description": "Lấp đầy 6 cụm công nghiệp đã hoàn thiện hạ tầng",
        "measure": "filled",
        "target_min": Decimal("6"),
        "unit": "cụm",
        "notes": "Một cụm được tính là lấp đầy khi tỷ lệ lấp đầy đạt ngưỡng (mặc định 100%).",
    },
    {
        "order": 3,
        "description": "Thành lập hoặc mở rộng thêm từ 5 đến 10 cụm công nghiệp mới",
        "measure": "newly_established",
        "target_min": Decimal("5"),
        "target_max": Decimal("10"),
        "unit": "cụm",
        "notes": "Đếm các cụm có quyết định thành lập, mở rộng trong kỳ kế hoạch (01/01/2026 – 31/12/2026).",
    },
    {
        "order": 4,
        "description": "100% cụm công nghiệp xây dựng mới có hệ thống xử lý nước thải đạt tiêu chuẩn quốc gia",
        "measure": "new_wastewater_compliant_share",
        "target_min": Decimal("100"),
        "unit": "%",
        "notes": "Tỷ lệ trên các cụm đánh dấu “cụm mới trong kế hoạch”; quy chuẩn QCVN 40:2025/BTNMT.",
    },
    {
        "order": 5,
        "description": "Hoàn thiện và bàn giao hệ thống xử lý nước thải tại 11 cụm công nghiệp đang hoạt động",
        "measure": "wastewater_handed_over",
        "target_min": Decimal("11"),
        "unit": "cụm",
        "responsible_agency": "BQLDA-HTKT",
        "notes": "Đếm các cụm đã có ngày bàn giao trạm xử lý nước thải.",
    },
]

PROVINCE = {"code": "01", "name": "Thành phố Hà Nội"}

# The names Hanoi's Department of Industry and Trade prints on its documents (Decree 30/2020/NĐ-CP, Appendix I):
# loaded once, then edited by the Department in the admin (``department.models``).
DEPARTMENT = {
    "governing_body": "UBND THÀNH PHỐ HÀ NỘI",
    "governing_body_name": "Ủy ban nhân dân thành phố Hà Nội",
    "header_name": "SỞ CÔNG THƯƠNG",
    "name": "Sở Công Thương thành phố Hà Nội",
    "short_name": "SCT",
    "place_name": "Hà Nội",
    "head_title": "Giám đốc",
    "contact_unit": "Phòng Quản lý Công nghiệp, Sở Công Thương Hà Nội",
    "contact_address": "331 Trần Khát Chân, Hà Nội",
    "contact_email": "sct@hanoi.gov.vn",
}
