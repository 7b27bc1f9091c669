"""The help pages' content as data: each role's main jobs step by step, and the glossary (from docs/domain.md).

Kept here rather than in the template so every sentence goes through gettext and the page lays them out one way.
Roles are named by their stored value (agencies.models.Membership.Role), which core may not import.
"""

from django.utils.translation import gettext_lazy as _

# (role value, heading, [(job, [step, …]), …]); the page shows the reader's own role first.
GUIDES = [
    (
        "coordinator",
        _("Cán bộ điều phối (Sở Công Thương)"),
        [
            (
                _("Giao nhiệm vụ"),
                [
                    _("Mở Nhiệm vụ, bấm “+ Giao nhiệm vụ”."),
                    _("Ghi mã, tên nhiệm vụ, cơ quan chủ trì và các cơ quan phối hợp, thời hạn (ngày/tháng/năm)."),
                    _("Lưu: cơ quan chủ trì và phối hợp nhận thông báo ngay."),
                ],
            ),
            (
                _("Duyệt đề nghị gia hạn"),
                [
                    _("Mở nhiệm vụ có đề nghị gia hạn (Tổng quan liệt kê các đề nghị chờ duyệt)."),
                    _("Đọc lý do, văn bản kèm theo; chấp thuận (ghi số, ngày văn bản) hoặc từ chối kèm lý do."),
                    _("Thời hạn mới có hiệu lực ngay; thời hạn ban đầu vẫn được lưu trong lịch sử."),
                ],
            ),
            (
                _("Nhập dữ liệu từ Excel"),
                [
                    _(
                        "Mở Nhập dữ liệu, chọn sổ đăng ký cụm, phụ lục nhiệm vụ hoặc người dùng; tải mẫu hoặc dùng "
                        "tệp sẵn có."
                    ),
                    _(
                        "Tải tệp lên: trang xem trước cho biết từng dòng thêm mới, thay đổi (cũ → mới), không đổi hay "
                        "lỗi; xã cũ bị chia thì chọn xã, phường mới."
                    ),
                    _("Bấm “Ghi vào hệ thống”: mọi dòng được ghi cùng lúc, hoặc không dòng nào nếu còn lỗi."),
                ],
            ),
            (
                _("Nghiệm thu nhiệm vụ hoàn thành"),
                [
                    _("Mở nhiệm vụ ở trạng thái “Chờ xác nhận hoàn thành”."),
                    _("Xem sản phẩm, minh chứng; bấm “Xác nhận hoàn thành” hoặc “Trả lại” kèm lý do."),
                ],
            ),
            (
                _("Tiếp nhận báo cáo định kỳ (Biểu 02, 03)"),
                [
                    _("Mở Báo cáo định kỳ, chọn “Theo dõi” của kỳ báo cáo để thấy ai đã gửi, ai trễ hạn."),
                    _("Mở từng báo cáo đã gửi: tiếp nhận, hoặc trả lại kèm lý do để đơn vị sửa và gửi lại."),
                    _("Khi đủ số liệu, lập và ban hành Biểu 04 (số hiệu, người ký)."),
                ],
            ),
        ],
    ),
    (
        "officer",
        _("Cán bộ cơ quan (chủ trì, phối hợp)"),
        [
            (
                _("Báo cáo tiến độ"),
                [
                    _(
                        "Mở Cơ quan của tôi: danh sách nhiệm vụ cơ quan chủ trì hoặc phối hợp, việc sắp đến hạn lên đầu."
                    ),
                    _("Mở nhiệm vụ, mục “Báo cáo tiến độ”: ghi nội dung đã làm, phần trăm hoàn thành, đính kèm tệp."),
                ],
            ),
            (
                _("Đề nghị gia hạn"),
                [
                    _("Chỉ cơ quan chủ trì đề nghị gia hạn, trước khi nhiệm vụ hoàn thành."),
                    _("Mục “Đề nghị gia hạn”: ghi thời hạn đề xuất (ngày/tháng/năm), lý do, đính kèm công văn."),
                    _("Sở Công Thương chấp thuận hoặc từ chối; kết quả hiện trong thông báo và lịch sử nhiệm vụ."),
                ],
            ),
            (
                _("Báo cáo hoàn thành"),
                [
                    _("Mục “Báo cáo hoàn thành”: ghi ngày hoàn thành và sản phẩm (số, ngày văn bản)."),
                    _("Nhiệm vụ chờ Sở Công Thương nghiệm thu; nếu bị trả lại, đọc lý do, bổ sung rồi báo cáo lại."),
                ],
            ),
        ],
    ),
    (
        "viewer",
        _("Lãnh đạo, người xem"),
        [
            (
                _("Theo dõi tình hình thực hiện"),
                [
                    _("Tổng quan: tỷ lệ nhiệm vụ quá hạn, chỉ tiêu, các cơ quan; bấm một con số để xem danh sách."),
                    _("Nhiệm vụ: lọc theo cơ quan, tình trạng thời hạn, cụm; xuất Excel hoặc in danh sách đã lọc."),
                    _("Báo cáo Kế hoạch: các báo cáo đã ban hành, tải .docx hoặc .xlsx."),
                ],
            ),
        ],
    ),
    (
        "investor",
        _("Chủ đầu tư hạ tầng cụm công nghiệp"),
        [
            (
                _("Lập và gửi Biểu 02"),
                [
                    _("Đăng nhập: trang Báo cáo định kỳ liệt kê các báo cáo phải gửi và hạn gửi."),
                    _("Bấm “Lập, gửi báo cáo”: số liệu đã điền sẵn từ sổ đăng ký và kỳ trước, chỉ sửa phần thay đổi."),
                    _("Số thập phân ghi dấu phẩy (130,5); ghi 0 nếu không có. Có thể lưu nháp hoặc tải lên tệp Excel."),
                    _("Ghi người ký, chức vụ rồi bấm “Gửi báo cáo”. Nếu bị trả lại, sửa theo lý do và gửi lại."),
                ],
            ),
        ],
    ),
    (
        "commune_reporter",
        _("UBND xã, phường"),
        [
            (
                _("Lập và gửi Biểu 03"),
                [
                    _("Trang Báo cáo định kỳ liệt kê Biểu 03 của xã, phường và các Biểu 02 của cụm trên địa bàn."),
                    _("Mở Biểu 03: số liệu tổng hợp từ các Biểu 02 đã tiếp nhận được điền sẵn; kiểm tra, bổ sung."),
                    _("Ghi người ký, chức vụ rồi gửi trước hạn (25/6 và 25/12)."),
                ],
            ),
        ],
    ),
]

# (term, meaning): the words of the domain as the pages use them (docs/domain.md, "Thuật ngữ").
GLOSSARY = [
    (
        _("Biểu 01, 02, 03, 04"),
        _(
            "Bốn biểu mẫu báo cáo của Thông tư 14/2024/TT-BCT: 01 của doanh nghiệp thứ cấp; 02 của chủ đầu tư hạ tầng về một cụm; 03 của UBND xã, phường về các cụm trên địa bàn; 04 của Sở Công Thương tổng hợp toàn Thành phố."
        ),
    ),
    (_("Kỳ báo cáo"), _("6 tháng (số liệu từ 15/12 năm trước đến 14/6) hoặc năm (từ 15/12 năm trước đến 14/12).")),
    (
        _("Cơ quan chủ trì"),
        _("Cơ quan chịu trách nhiệm chính về nhiệm vụ: báo cáo tiến độ, đề nghị gia hạn, báo cáo hoàn thành."),
    ),
    (_("Cơ quan phối hợp"), _("Cơ quan tham gia thực hiện nhiệm vụ, báo cáo tiến độ phần việc của mình.")),
    (_("Cơ quan đầu mối"), _("Sở Công Thương: giao nhiệm vụ, theo dõi, duyệt gia hạn, nghiệm thu.")),
    (_("Gia hạn"), _("Thay đổi thời hạn đã được chấp thuận, kèm văn bản (số, ngày); thời hạn ban đầu vẫn được lưu.")),
    (
        _("Nghiệm thu (xác nhận hoàn thành)"),
        _("Sở Công Thương xác nhận nhiệm vụ đã hoàn thành như báo cáo, hoặc trả lại để làm tiếp."),
    ),
    (_("Chờ xác nhận hoàn thành"), _("Cơ quan chủ trì đã báo cáo hoàn thành, đang chờ Sở Công Thương nghiệm thu.")),
    (_("Quá hạn chưa hoàn thành"), _("Chưa hoàn thành và đã qua thời hạn đang có hiệu lực.")),
    (_("Sắp đến hạn"), _("Chưa hoàn thành và còn ít ngày nữa đến thời hạn.")),
    (_("Chưa cập nhật"), _("Nhiệm vụ đang thực hiện nhưng lâu chưa có báo cáo tiến độ.")),
    (
        _("Cụm công nghiệp (CCN)"),
        _("Khu vực sản xuất công nghiệp quy mô nhỏ do UBND Thành phố thành lập; nhỏ hơn khu công nghiệp."),
    ),
    (
        _("Cụm công nghiệp làng nghề"),
        _(
            "Cụm phục vụ di dời, phát triển các cơ sở sản xuất của làng nghề; diện tích từ 5 ha (cụm thường từ 10 ha) đến 75 ha."
        ),
    ),
    (
        _("Tỷ lệ lấp đầy"),
        _(
            "Diện tích đất công nghiệp đã cho thuê, cho thuê lại hoặc giao cho dự án được chấp thuận, chia cho diện tích đất công nghiệp theo quy hoạch chi tiết (Nghị định 32/2024/NĐ-CP, Điều 2.7)."
        ),
    ),
    (
        _("Chủ đầu tư hạ tầng"),
        _(
            "Doanh nghiệp, hợp tác xã hoặc ban quản lý đầu tư xây dựng, kinh doanh hạ tầng kỹ thuật của cụm; gửi Biểu 02."
        ),
    ),
    (_("Trạm xử lý nước thải tập trung"), _("Trạm xử lý nước thải chung của cụm, đạt quy chuẩn QCVN 40:2025/BTNMT.")),
    (
        _("Quy hoạch chi tiết 1/500"),
        _("Quy hoạch chi tiết tỷ lệ 1/500 được phê duyệt cho từng cụm; xác định diện tích đất công nghiệp."),
    ),
    (_("Công văn đôn đốc"), _("Văn bản đôn đốc cơ quan (hoặc xã, phường trễ báo cáo) thực hiện việc đã quá hạn.")),
    (_("Tiếp nhận / Trả lại"), _("Sở Công Thương nhận báo cáo, hoặc trả lại kèm lý do để đơn vị sửa và gửi lại.")),
]
