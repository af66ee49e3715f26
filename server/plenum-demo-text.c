/* plenum-demo-text.c — the words of the demo packet: Vietnamese administrative prose for
 * a fictional province, combined deterministically from a bank of sentences and fields.
 *
 * Nothing here reads the clock or a random source: a fixed seed per document drives a
 * splitmix64 generator, so the same document comes out word for word on every run. The
 * province (Vân Lĩnh), its communes, people and figures are invented.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-demo"

#include <math.h>
#include <string.h>

#include "plenum-demo-private.h"

/* ---- The generator ------------------------------------------------------------------ */

void
plenum_demo_rng_init (PlenumDemoRng *rng,
                      guint64        seed)
{
  rng->state = seed;
}

static guint64
rng_next (PlenumDemoRng *rng)
{
  guint64 z;

  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = rng->state;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint32
plenum_demo_rng_below (PlenumDemoRng *rng,
                       guint32        n)
{
  g_return_val_if_fail (n > 0, 0);

  return (guint32) (rng_next (rng) % n);
}

static guint32
rng_range (PlenumDemoRng *rng,
           guint32        low,
           guint32        high)
{
  return low + plenum_demo_rng_below (rng, high - low + 1);
}

/* ---- The banks ---------------------------------------------------------------------- */

static const char * const places[] = {
  "phường Vân Sơn", "phường Lĩnh Nam", "phường Bắc Hà", "phường Đồng Tâm",
  "phường Hòa Lạc", "xã Tân Phong", "xã An Lạc", "xã Phú Thịnh", "xã Đông Hưng",
  "xã Thạch Bàn", "xã Mường Khoa", "xã Bản Lầu", "xã Suối Ngọc", "xã Nà Tấu",
  "xã Yên Thủy", "xã Cao Minh", "xã Thượng Lâm", "xã Hạ Sơn", "xã Kim Bình",
  "xã Trung Hòa", "xã Phúc Lộc", "xã Quang Tiến", "xã Vĩnh Hảo", "xã Ngọc Lĩnh",
};

static const char * const agencies[] = {
  "Sở Tài chính", "Sở Nội vụ", "Sở Khoa học và Công nghệ",
  "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Công Thương",
  "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp",
  "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Thanh tra tỉnh",
  "Văn phòng Ủy ban nhân dân tỉnh", "Ban Tổ chức Tỉnh ủy",
  "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Văn phòng Tỉnh ủy",
  "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
};

/* Slots: {F} the subject of the section, {A} an agency, {P} a commune or ward,
 * {G} a growth rate (5–12.5 %), {H} a high share (82–99.6 %), {L} a low share
 * (1.2–8.9 %), {N} a small count (12–480), {K} a large count (1,200–48,500),
 * {M} an amount in billions of đồng. */
static const char * const common_sentences[] = {
  "Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội từ "
    "tỉnh đến cơ sở đã tập trung lãnh đạo, chỉ đạo, triển khai đồng bộ các nhiệm vụ, giải pháp về "
    "{F}.",
  "Công tác phối hợp giữa các sở, ban, ngành và các xã, phường trong {F} từng bước được tăng "
    "cường, bảo đảm chặt chẽ và hiệu quả hơn.",
  "Tuy nhiên, việc triển khai ở một số nơi còn chậm, chưa đáp ứng yêu cầu; công tác kiểm tra, "
    "đôn đốc có lúc chưa thường xuyên, kết quả chưa đồng đều.",
  "{A} đã chủ trì, phối hợp với các cơ quan liên quan tham mưu ban hành nhiều văn bản chỉ đạo, "
    "hướng dẫn kịp thời, sát với tình hình thực tiễn.",
  "Công tác thông tin, tuyên truyền về {F} được đẩy mạnh với nhiều hình thức phong phú, tạo sự "
    "đồng thuận cao trong cán bộ, đảng viên và Nhân dân.",
  "Kết quả đạt được tuy còn khiêm tốn so với tiềm năng, lợi thế nhưng đã tạo nền tảng quan trọng "
    "cho giai đoạn tiếp theo.",
  "Việc sơ kết, đánh giá kết quả thực hiện được tiến hành nghiêm túc, chỉ rõ những việc đã làm "
    "được, những hạn chế và nguyên nhân để có giải pháp khắc phục.",
  "Nguồn lực đầu tư cho {F} còn hạn chế, chủ yếu dựa vào ngân sách nhà nước; việc huy động các "
    "nguồn lực xã hội chưa đạt kỳ vọng.",
  "Đội ngũ cán bộ làm công tác chuyên môn ở cấp xã còn thiếu về số lượng, một bộ phận chưa đáp "
    "ứng yêu cầu nhiệm vụ trong tình hình mới.",
  "Trong năm, toàn tỉnh đã tổ chức {N} hội nghị, lớp tập huấn với sự tham gia của hơn {K} lượt "
    "cán bộ, công chức, viên chức.",
  "Nhiều mô hình, cách làm hay, sáng tạo được nhân rộng, tiêu biểu là ở {P} và {P}.",
  "Ủy ban nhân dân tỉnh đã kịp thời điều chỉnh, bổ sung kế hoạch, phân công nhiệm vụ cụ thể cho "
    "từng sở, ngành, địa phương, gắn với trách nhiệm người đứng đầu.",
  "Tỷ lệ hoàn thành các nhiệm vụ được giao đúng tiến độ đạt {H}, tăng so với cùng kỳ năm trước.",
  "Một số cơ chế, chính sách đặc thù của tỉnh đã phát huy hiệu quả, góp phần tháo gỡ khó khăn, "
    "vướng mắc cho người dân và doanh nghiệp.",
  "Bên cạnh đó, tác động của thiên tai, dịch bệnh và biến động của thị trường đã ảnh hưởng không "
    "nhỏ đến việc thực hiện các mục tiêu đề ra.",
  "Người đứng đầu một số cơ quan, đơn vị chưa thực sự quyết liệt trong chỉ đạo, điều hành; việc "
    "phối hợp giữa các ngành có lúc chưa nhịp nhàng.",
  "Cần tiếp tục quán triệt sâu sắc các chủ trương của Đảng, chính sách, pháp luật của Nhà nước, "
    "cụ thể hóa thành các chương trình, kế hoạch hành động phù hợp với điều kiện của tỉnh.",
  "Các chỉ tiêu chủ yếu về {F} cơ bản đạt và vượt kế hoạch; một số chỉ tiêu đạt mức cao nhất từ "
    "trước đến nay.",
  "Việc ứng dụng khoa học, công nghệ trong quản lý, điều hành {F} bước đầu mang lại hiệu quả rõ "
    "rệt.",
  "{A} thường xuyên theo dõi, tổng hợp tình hình, kịp thời báo cáo, đề xuất Ban Thường vụ Tỉnh "
    "ủy xem xét, chỉ đạo những vấn đề phát sinh.",
  "Đến hết năm 2026, tổng nguồn vốn huy động cho {F} đạt khoảng {M}, bằng {H} so với kế hoạch.",
  "Sự hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà nước "
    "tiếp tục được cải thiện.",
  "Công tác quản lý nhà nước ở một số lĩnh vực còn bất cập; việc xử lý các kiến nghị của cử tri "
    "ở một số nơi còn chậm.",
  "Trên cơ sở đó, cần xác định rõ mục tiêu, lộ trình, nguồn lực và trách nhiệm của từng cơ quan, "
    "đơn vị, bảo đảm tính khả thi.",
  "Phát huy vai trò giám sát của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và của Nhân "
    "dân đối với {F}.",
  "Tăng cường kỷ luật, kỷ cương hành chính; kiên quyết xử lý nghiêm các trường hợp né tránh, đùn "
    "đẩy, sợ trách nhiệm.",
  "Sau khi sắp xếp đơn vị hành chính và vận hành chính quyền địa phương hai cấp, bộ máy ở các "
    "xã, phường cơ bản hoạt động thông suốt.",
  "Việc phân cấp, phân quyền gắn với kiểm soát quyền lực được đẩy mạnh, tạo sự chủ động cho các "
    "xã, phường trong {F}.",
};

static const char * const economy_sentences[] = {
  "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) ước đạt {G}, cao hơn mức bình quân chung "
    "của cả nước.",
  "Cơ cấu kinh tế tiếp tục chuyển dịch theo hướng tích cực: tỷ trọng khu vực công nghiệp - xây "
    "dựng và dịch vụ tăng, nông, lâm nghiệp và thủy sản giảm dần.",
  "Giá trị sản xuất công nghiệp tăng {G} so với năm trước; một số sản phẩm chủ lực như chế biến "
    "nông sản, vật liệu xây dựng, linh kiện điện tử có mức tăng khá.",
  "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt {M}, tăng {G} so với cùng kỳ.",
  "Toàn tỉnh có thêm {N} doanh nghiệp thành lập mới với tổng vốn đăng ký khoảng {M}.",
  "Ngành du lịch đón khoảng {K} lượt khách, tổng thu từ khách du lịch ước đạt {M}.",
  "Sản xuất nông nghiệp cơ bản ổn định; diện tích lúa chất lượng cao, cây ăn quả đặc sản được mở "
    "rộng; dịch bệnh trên đàn vật nuôi được kiểm soát tốt.",
  "Công tác an sinh xã hội được quan tâm; tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm còn {L}.",
  "Chất lượng giáo dục toàn diện có chuyển biến; tỷ lệ học sinh tốt nghiệp trung học phổ thông "
    "đạt {H}.",
  "Mạng lưới y tế cơ sở được củng cố; tỷ lệ dân số tham gia bảo hiểm y tế đạt {H}.",
  "Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững; quốc phòng, quân sự địa "
    "phương được tăng cường.",
  "Thu hút đầu tư có nhiều khởi sắc; trong năm đã chấp thuận chủ trương đầu tư cho {N} dự án với "
    "tổng vốn đăng ký khoảng {M}.",
  "Hạ tầng giao thông kết nối vùng được quan tâm đầu tư, nhiều công trình trọng điểm hoàn thành, "
    "đưa vào sử dụng.",
  "Kim ngạch xuất khẩu hàng hóa ước đạt {N} triệu USD, tăng {G} so với năm trước.",
};

static const char * const digital_sentences[] = {
  "Chuyển đổi số là nhiệm vụ chính trị trọng tâm, lâu dài, là động lực quan trọng để phát triển "
    "nhanh và bền vững.",
  "Hạ tầng viễn thông băng rộng đã phủ sóng đến {H} thôn, bản, tổ dân phố; tỷ lệ hộ gia đình sử "
    "dụng cáp quang đạt {H}.",
  "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt {H}.",
  "Hệ thống quản lý văn bản và điều hành được triển khai thống nhất từ tỉnh đến cấp xã, chữ ký "
    "số được sử dụng rộng rãi.",
  "Kho dữ liệu dùng chung của tỉnh từng bước được hình thành, kết nối với các cơ sở dữ liệu quốc "
    "gia về dân cư, đất đai, doanh nghiệp.",
  "Kinh tế số ước chiếm khoảng {L} GRDP của tỉnh; phấn đấu đến năm 2030 đạt trên 25%.",
  "Nhiều doanh nghiệp nhỏ và vừa đã ứng dụng nền tảng số trong quản trị, bán hàng và thanh toán "
    "không dùng tiền mặt.",
  "Công tác bảo đảm an toàn thông tin mạng được quan tâm; các hệ thống thông tin quan trọng được "
    "phân loại, bảo vệ theo cấp độ.",
  "Nguồn nhân lực công nghệ thông tin còn thiếu, đặc biệt là chuyên gia về dữ liệu, an toàn "
    "thông tin và trí tuệ nhân tạo.",
  "Xây dựng Trung tâm giám sát, điều hành thông minh của tỉnh, bảo đảm kết nối, chia sẻ dữ liệu "
    "giữa các ngành.",
  "Phát triển các nền tảng số dùng chung, ưu tiên các nền tảng phục vụ người dân trong y tế, "
    "giáo dục, giao thông và du lịch.",
  "Duy trì tổ công nghệ số cộng đồng ở tất cả các thôn, bản, tổ dân phố để hướng dẫn người dân "
    "sử dụng dịch vụ số.",
  "Đến năm 2030, phấn đấu {H} người dân trưởng thành có điện thoại thông minh và tài khoản thanh "
    "toán điện tử.",
  "Ưu tiên bố trí ngân sách hằng năm cho chuyển đổi số, đồng thời huy động nguồn lực xã hội hóa "
    "và hợp tác công tư.",
  "Dữ liệu phải được thu thập một lần, dùng chung nhiều lần; cơ quan nào tạo lập dữ liệu thì "
    "chịu trách nhiệm về tính chính xác của dữ liệu đó.",
  "{A} chủ trì xây dựng kiến trúc chính quyền số của tỉnh, cập nhật hằng năm phù hợp với khung "
    "kiến trúc quốc gia.",
};

static const char * const personnel_sentences[] = {
  "Thực hiện quy định về phân cấp quản lý cán bộ, Ban Tổ chức Tỉnh ủy đã phối hợp với cấp ủy, cơ "
    "quan liên quan tiến hành quy trình nhân sự theo đúng quy định.",
  "Quy trình được thực hiện công khai, dân chủ, khách quan; các bước được tiến hành chặt chẽ, "
    "đúng nguyên tắc tập trung dân chủ.",
  "Kết quả lấy phiếu giới thiệu tại hội nghị cán bộ chủ chốt cho thấy nhân sự được đề xuất có số "
    "phiếu tín nhiệm cao.",
  "Qua thẩm định, nhân sự đáp ứng đầy đủ tiêu chuẩn, điều kiện theo quy định; không có đơn thư "
    "tố cáo, phản ánh về phẩm chất đạo đức, lối sống.",
  "Việc kê khai tài sản, thu nhập được thực hiện đầy đủ, đúng thời hạn; qua xác minh, không phát "
    "hiện dấu hiệu bất thường.",
  "Ban Tổ chức Tỉnh ủy đã lấy ý kiến của Ủy ban Kiểm tra Tỉnh ủy và các cơ quan có liên quan về "
    "tiêu chuẩn chính trị của nhân sự.",
  "Nhân sự đề xuất có bản lĩnh chính trị vững vàng, có năng lực thực tiễn, được rèn luyện qua "
    "nhiều vị trí công tác.",
  "Công tác quy hoạch, luân chuyển, đào tạo, bồi dưỡng cán bộ được thực hiện gắn kết, tạo nguồn "
    "cán bộ kế cận có chất lượng.",
  "Hồ sơ nhân sự được chuẩn bị đầy đủ, gồm sơ yếu lý lịch, bản kê khai tài sản, thu nhập, nhận "
    "xét của cấp ủy nơi công tác và nơi cư trú.",
  "Việc lấy phiếu được tiến hành bằng phiếu kín; kết quả kiểm phiếu được công bố công khai tại "
    "hội nghị.",
  "Ban Tổ chức Tỉnh ủy đã trao đổi, thống nhất với tập thể lãnh đạo cơ quan, đơn vị về cơ cấu, "
    "số lượng và tiêu chuẩn nhân sự.",
  "Các đồng chí được đề xuất đều trong quy hoạch, đủ tuổi công tác ít nhất một nhiệm kỳ, có đủ "
    "sức khỏe để hoàn thành nhiệm vụ.",
  "Việc bố trí cán bộ bảo đảm sự kế thừa, phát triển, giữ vững sự ổn định và đoàn kết nội bộ.",
  "Công tác bảo vệ chính trị nội bộ được thực hiện chặt chẽ; nhân sự đề xuất có lịch sử chính "
    "trị rõ ràng.",
};

static const char * const investment_sentences[] = {
  "Kế hoạch đầu tư công năm 2027 được xây dựng trên nguyên tắc tập trung, có trọng tâm, trọng "
    "điểm, không dàn trải.",
  "Ưu tiên bố trí vốn để thanh toán nợ đọng xây dựng cơ bản, các dự án chuyển tiếp, dự án hoàn "
    "thành trong năm.",
  "Tỷ lệ giải ngân vốn đầu tư công năm 2026 ước đạt {H} kế hoạch vốn được giao.",
  "Công tác giải phóng mặt bằng ở một số dự án trọng điểm còn chậm do vướng mắc về xác định giá "
    "đất và nguồn gốc đất.",
  "Tổng vốn đầu tư công năm 2027 dự kiến khoảng {M}, trong đó vốn ngân sách địa phương chiếm "
    "phần lớn.",
  "Các chủ đầu tư phải chịu trách nhiệm toàn diện về tiến độ, chất lượng công trình và hiệu quả "
    "sử dụng vốn.",
  "Kiên quyết điều chuyển vốn của các dự án chậm giải ngân sang các dự án có khả năng hấp thụ "
    "vốn tốt.",
  "Bố trí đủ vốn đối ứng cho các dự án sử dụng vốn ODA và các chương trình mục tiêu quốc gia.",
};

static const char * const budget_sentences[] = {
  "Dự toán thu ngân sách nhà nước trên địa bàn năm 2027 được xây dựng tích cực, sát thực tế, "
    "trên cơ sở đánh giá đầy đủ các nguồn thu.",
  "Thu nội địa năm 2026 ước đạt {M}, tăng {G} so với dự toán Trung ương giao.",
  "Chi ngân sách bảo đảm các nhiệm vụ chính trị quan trọng, thực hiện đầy đủ các chính sách an "
    "sinh xã hội.",
  "Tiếp tục thực hiện tiết kiệm chi thường xuyên, cắt giảm các khoản chi hội nghị, công tác phí, "
    "mua sắm chưa thật sự cần thiết.",
  "Nợ đọng thuế vẫn còn ở mức cao, tập trung ở một số doanh nghiệp hoạt động trong lĩnh vực bất "
    "động sản và khai thác khoáng sản.",
  "Bố trí dự phòng ngân sách đúng quy định để chủ động ứng phó với thiên tai, dịch bệnh và các "
    "nhiệm vụ cấp bách phát sinh.",
  "Cơ quan thuế phối hợp với chính quyền cơ sở rà soát, chống thất thu, nhất là trong thương mại "
    "điện tử và kinh doanh trên nền tảng số.",
};

static const char * const inspection_sentences[] = {
  "Cấp ủy, ủy ban kiểm tra các cấp đã xây dựng và thực hiện chương trình kiểm tra, giám sát năm "
    "2026 bảo đảm trọng tâm, trọng điểm.",
  "Qua kiểm tra, giám sát đã kịp thời phát hiện, chấn chỉnh những thiếu sót, khuyết điểm, ngăn "
    "ngừa vi phạm từ sớm, từ xa.",
  "Việc thi hành kỷ luật đảng được thực hiện nghiêm minh, đúng nguyên tắc, thủ tục, có tác dụng "
    "giáo dục, răn đe.",
  "Công tác giải quyết tố cáo, khiếu nại kỷ luật đảng được tiến hành kịp thời, khách quan, đúng "
    "thẩm quyền.",
  "Kiểm tra tài chính đảng và việc kê khai tài sản, thu nhập được chú trọng, góp phần nâng cao "
    "hiệu quả phòng, chống tham nhũng, tiêu cực.",
  "Một số tổ chức cơ sở đảng chưa chủ động tự kiểm tra; chất lượng giám sát thường xuyên ở một "
    "số nơi còn hạn chế.",
  "Trong năm, ủy ban kiểm tra các cấp đã kiểm tra {N} tổ chức đảng và {N} đảng viên khi có dấu "
    "hiệu vi phạm.",
};

static const char * const programme_sentences[] = {
  "Chương trình làm việc được xây dựng trên cơ sở các nhiệm vụ trọng tâm theo Nghị quyết Đại hội "
    "Đảng bộ tỉnh và chương trình công tác của Trung ương.",
  "Các cơ quan được phân công chủ trì chuẩn bị nội dung phải chủ động xây dựng kế hoạch, bảo đảm "
    "chất lượng và thời gian trình.",
  "Văn phòng Tỉnh ủy có trách nhiệm theo dõi, đôn đốc, định kỳ hằng quý báo cáo Thường trực Tỉnh "
    "ủy tiến độ thực hiện.",
  "Trường hợp cần điều chỉnh, bổ sung nội dung, cơ quan chủ trì báo cáo Thường trực Tỉnh ủy xem "
    "xét, quyết định.",
};

typedef struct {
  const char *heading;
  const char *subject;   /* fills {F} */
} Field;

static const Field economy_fields[] = {
  { "Tăng trưởng kinh tế", "tăng trưởng kinh tế" },
  { "Sản xuất nông, lâm nghiệp và thủy sản", "sản xuất nông, lâm nghiệp và thủy sản" },
  { "Công nghiệp và xây dựng", "phát triển công nghiệp và xây dựng" },
  { "Thương mại, dịch vụ và du lịch", "phát triển thương mại, dịch vụ và du lịch" },
  { "Thu, chi ngân sách nhà nước", "quản lý thu, chi ngân sách" },
  { "Đầu tư phát triển và thu hút đầu tư", "thu hút đầu tư" },
  { "Phát triển doanh nghiệp và kinh tế tập thể", "phát triển doanh nghiệp" },
  { "Giáo dục và đào tạo", "phát triển giáo dục và đào tạo" },
  { "Y tế và chăm sóc sức khỏe Nhân dân", "chăm sóc sức khỏe Nhân dân" },
  { "Văn hóa, thể thao", "phát triển văn hóa, thể thao" },
  { "Lao động, việc làm và an sinh xã hội", "bảo đảm an sinh xã hội" },
  { "Tài nguyên và môi trường", "quản lý tài nguyên và bảo vệ môi trường" },
  { "Cải cách hành chính và chuyển đổi số", "cải cách hành chính" },
  { "Quốc phòng, an ninh và đối ngoại", "bảo đảm quốc phòng, an ninh" },
};

static const Field digital_fields[] = {
  { "Hạ tầng số", "phát triển hạ tầng số" },
  { "Dữ liệu số và cơ sở dữ liệu dùng chung", "phát triển dữ liệu số" },
  { "Nền tảng số dùng chung", "phát triển các nền tảng số dùng chung" },
  { "Chính quyền số", "xây dựng chính quyền số" },
  { "Kinh tế số", "phát triển kinh tế số" },
  { "Xã hội số", "phát triển xã hội số" },
  { "An toàn, an ninh mạng", "bảo đảm an toàn, an ninh mạng" },
  { "Nguồn nhân lực số", "phát triển nguồn nhân lực số" },
  { "Chuyển đổi số trong lĩnh vực y tế", "chuyển đổi số trong lĩnh vực y tế" },
  { "Chuyển đổi số trong giáo dục và đào tạo", "chuyển đổi số trong giáo dục và đào tạo" },
  { "Chuyển đổi số trong nông nghiệp", "chuyển đổi số trong nông nghiệp" },
  { "Chuyển đổi số trong du lịch", "chuyển đổi số trong du lịch" },
  { "Chuyển đổi số trong giao thông vận tải và logistics",
    "chuyển đổi số trong giao thông vận tải và logistics" },
  { "Chuyển đổi số trong quản lý đất đai, tài nguyên và môi trường",
    "chuyển đổi số trong quản lý đất đai, tài nguyên và môi trường" },
  { "Chuyển đổi số trong tài chính, ngân hàng", "chuyển đổi số trong tài chính, ngân hàng" },
  { "Thương mại điện tử", "phát triển thương mại điện tử" },
  { "Chuyển đổi số trong lao động, việc làm và an sinh xã hội",
    "chuyển đổi số trong lao động, việc làm và an sinh xã hội" },
  { "Chuyển đổi số trong văn hóa, thể thao", "chuyển đổi số trong văn hóa, thể thao" },
  { "Chuyển đổi số trong xây dựng và quản lý đô thị",
    "chuyển đổi số trong xây dựng và quản lý đô thị" },
  { "Chuyển đổi số trong công tác đảng", "chuyển đổi số trong công tác đảng" },
  { "Chuyển đổi số trong hoạt động của Hội đồng nhân dân",
    "chuyển đổi số trong hoạt động của Hội đồng nhân dân" },
  { "Chuyển đổi số trong tư pháp và hành chính công",
    "chuyển đổi số trong tư pháp và hành chính công" },
  { "Chuyển đổi số trong quốc phòng, an ninh ở địa phương",
    "chuyển đổi số trong quốc phòng, an ninh ở địa phương" },
  { "Chuyển đổi số ở các xã, phường", "chuyển đổi số ở các xã, phường" },
  { "Đô thị thông minh", "xây dựng đô thị thông minh" },
  { "Thanh toán không dùng tiền mặt", "phát triển thanh toán không dùng tiền mặt" },
  { "Truyền thông về chuyển đổi số", "truyền thông, nâng cao nhận thức về chuyển đổi số" },
  { "Hợp tác và thu hút đầu tư cho chuyển đổi số", "thu hút đầu tư cho chuyển đổi số" },
};

static const char * const limitations[] = {
  "Tăng trưởng kinh tế chưa tương xứng với tiềm năng, lợi thế; quy mô kinh tế còn nhỏ, sức cạnh "
    "tranh chưa cao.",
  "Tiến độ giải ngân vốn đầu tư công ở một số dự án còn chậm; công tác giải phóng mặt bằng còn "
    "nhiều vướng mắc.",
  "Thu ngân sách chưa bền vững, còn phụ thuộc nhiều vào thu tiền sử dụng đất.",
  "Chất lượng nguồn nhân lực chưa đáp ứng yêu cầu; tỷ lệ lao động qua đào tạo có văn bằng, chứng "
    "chỉ còn thấp.",
  "Ô nhiễm môi trường tại một số cụm công nghiệp, làng nghề chưa được xử lý dứt điểm.",
  "Đời sống của một bộ phận Nhân dân ở vùng đồng bào dân tộc thiểu số còn nhiều khó khăn; nguy "
    "cơ tái nghèo còn cao.",
  "Tình hình tội phạm về ma túy, lừa đảo trên không gian mạng còn diễn biến phức tạp.",
};

/* ---- Writing helpers ------------------------------------------------------------------ */

typedef struct {
  PlenumDemoDoc      *doc;
  PlenumDemoRng      *rng;
  const char * const *bank;       /* the topic's own sentences */
  guint               n_bank;
  const char         *subject;    /* fills {F} */
  gboolean            own_only;   /* only the topic's sentences, none of the common ones */
  guint               recent[8];  /* sentences used lately, not to be repeated soon */
  guint               n_recent;
} Writer;

#define BANK(array) (array), G_N_ELEMENTS (array)

static void
writer_init (Writer             *w,
             PlenumDemoDoc      *doc,
             PlenumDemoRng      *rng,
             const char * const *bank,
             guint               n_bank,
             const char         *subject)
{
  memset (w, 0, sizeof *w);
  w->doc = doc;
  w->rng = rng;
  w->bank = bank;
  w->n_bank = n_bank;
  w->subject = subject;
}

static const char *
pick (Writer             *w,
      const char * const *list,
      guint               n)
{
  return list[plenum_demo_rng_below (w->rng, n)];
}

#define PICK(w, array) pick ((w), (array), G_N_ELEMENTS (array))

/* 12345 → "12.345": Vietnamese groups thousands with a dot. */
static char *
format_count (guint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* @tenths / 10 with a decimal comma: 78 → "7,8". */
static char *
format_tenths (guint64 tenths)
{
  g_autofree char *whole = format_count (tenths / 10);

  return g_strdup_printf ("%s,%u", whole, (guint) (tenths % 10));
}

static char *
format_percent (guint64 tenths)
{
  g_autofree char *number = format_tenths (tenths);

  return g_strconcat (number, "%", NULL);
}

static void
append_template (Writer     *w,
                 GString    *out,
                 const char *template)
{
  for (const char *p = template; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] != '\0' && p[2] == '}')
        {
          g_autofree char *text = NULL;

          switch (p[1])
            {
            case 'F':
              text = g_strdup (w->subject != NULL ? w->subject : "các nhiệm vụ được giao");
              break;
            case 'A':
              text = g_strdup (PICK (w, agencies));
              break;
            case 'P':
              text = g_strdup (PICK (w, places));
              break;
            case 'G':
              text = format_percent (rng_range (w->rng, 50, 125));
              break;
            case 'H':
              text = format_percent (rng_range (w->rng, 820, 996));
              break;
            case 'L':
              text = format_percent (rng_range (w->rng, 12, 89));
              break;
            case 'N':
              text = format_count (rng_range (w->rng, 12, 480));
              break;
            case 'K':
              text = format_count (rng_range (w->rng, 1200, 48500));
              break;
            case 'M':
              {
                g_autofree char *number = format_count (rng_range (w->rng, 120, 18500));

                text = g_strconcat (number, " tỷ đồng", NULL);
              }
              break;
            default:
              g_assert_not_reached ();
            }
          g_string_append (out, text);
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
}

static char *
expand (Writer     *w,
        const char *template)
{
  GString *out = g_string_new (NULL);

  append_template (w, out, template);
  return g_string_free (out, FALSE);
}

static gboolean
recently_used (Writer *w,
               guint   id)
{
  for (guint i = 0; i < w->n_recent; i++)
    if (w->recent[i] == id)
      return TRUE;
  return FALSE;
}

static void
append_sentence (Writer  *w,
                 GString *out)
{
  guint id = 0;

  /* Two in three sentences come from the topic's own bank. */
  for (guint attempt = 0; attempt < 12; attempt++)
    {
      if (w->n_bank > 0 && (w->own_only || plenum_demo_rng_below (w->rng, 3) < 2))
        id = plenum_demo_rng_below (w->rng, w->n_bank);
      else
        id = 1000 + plenum_demo_rng_below (w->rng, G_N_ELEMENTS (common_sentences));
      if (!recently_used (w, id))
        break;
    }

  if (w->n_recent == G_N_ELEMENTS (w->recent))
    {
      memmove (w->recent, w->recent + 1, sizeof w->recent - sizeof w->recent[0]);
      w->n_recent--;
    }
  w->recent[w->n_recent++] = id;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  append_template (w, out, id >= 1000 ? common_sentences[id - 1000] : w->bank[id]);
}

static void
paragraph (Writer *w)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = rng_range (w->rng, 3, 5);

  for (guint i = 0; i < n; i++)
    append_sentence (w, text);
  plenum_demo_doc_paragraph (w->doc, text->str);
}

/* A paragraph that starts with @lead and goes on with sentences from the banks. */
static void
paragraph_with (Writer     *w,
                const char *lead,
                guint       n_more)
{
  g_autoptr(GString) text = g_string_new (NULL);

  append_template (w, text, lead);
  for (guint i = 0; i < n_more; i++)
    append_sentence (w, text);
  plenum_demo_doc_paragraph (w->doc, text->str);
}

static void
bullet (Writer     *w,
        const char *template)
{
  g_autofree char *text = expand (w, template);

  plenum_demo_doc_bullet (w->doc, text);
}

static void
bullets_from (Writer             *w,
              const char * const *list,
              guint               n_list,
              guint               n)
{
  guint start = plenum_demo_rng_below (w->rng, n_list);

  for (guint i = 0; i < MIN (n, n_list); i++)
    bullet (w, list[(start + i) % n_list]);
}

static void
heading (Writer     *w,
         guint       level,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
heading (Writer     *w,
         guint       level,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  plenum_demo_doc_heading (w->doc, level, text);
}

static const char *
roman (guint n)
{
  static const char * const numerals[] = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
  };

  g_assert (n >= 1 && n <= G_N_ELEMENTS (numerals));
  return numerals[n - 1];
}

static const char *
ordinal_part (guint n)
{
  static const char * const parts[] = {
    "PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "PHẦN THỨ BA", "PHẦN THỨ TƯ", "PHẦN THỨ NĂM",
  };

  g_assert (n >= 1 && n <= G_N_ELEMENTS (parts));
  return parts[n - 1];
}

static double
position (Writer *w)
{
  return plenum_demo_doc_position (w->doc);
}

/* Paragraphs until the text reaches @end (in pages), at most @limit of them. */
static void
paragraphs_until (Writer *w,
                  double  end,
                  guint   limit)
{
  for (guint i = 0; i < limit && position (w) < end; i++)
    paragraph (w);
}

/* A table from a flat array of g_strdup'd cells. */
typedef struct {
  GPtrArray *cells;
} Rows;

static void
rows_init (Rows *rows)
{
  rows->cells = g_ptr_array_new_with_free_func (g_free);
}

static void
rows_clear (Rows *rows)
{
  g_clear_pointer (&rows->cells, g_ptr_array_unref);
}

static void
rows_take (Rows *rows,
           char *cell)
{
  g_ptr_array_add (rows->cells, cell);
}

static void
rows_add (Rows       *rows,
          const char *cell)
{
  g_ptr_array_add (rows->cells, g_strdup (cell));
}

static void
rows_emit (Writer               *w,
           Rows                 *rows,
           guint                 n_cols,
           const double         *widths,
           const PlenumDemoAlign *aligns,
           const char * const   *header)
{
  g_assert (rows->cells->len % n_cols == 0);
  plenum_demo_doc_table (w->doc, n_cols, widths, aligns, header,
                         (const char * const *) rows->cells->pdata,
                         rows->cells->len / n_cols);
  rows_clear (rows);
}

static char *
percent_of (guint64 part,
            guint64 whole)
{
  return format_tenths (whole > 0 ? (part * 1000 + whole / 2) / whole : 0);
}

/* ---- Tables -------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *unit;
  guint       low;    /* tenths */
  guint       high;
} Indicator;

static const Indicator indicators[] = {
  { "Tốc độ tăng trưởng GRDP", "%", 62, 98 },
  { "GRDP bình quân đầu người", "triệu đồng", 680, 920 },
  { "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 98000, 152000 },
  { "Tổng vốn đầu tư toàn xã hội", "tỷ đồng", 310000, 420000 },
  { "Kim ngạch xuất khẩu", "triệu USD", 9500, 16000 },
  { "Tỷ lệ hộ nghèo theo chuẩn đa chiều", "%", 31, 58 },
  { "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 921, 968 },
  { "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", 60, 140 },
  { "Tỷ lệ trường học đạt chuẩn quốc gia", "%", 710, 860 },
  { "Số lao động được tạo việc làm mới", "người", 160000, 210000 },
  { "Tỷ lệ che phủ rừng", "%", 512, 548 },
  { "Tỷ lệ chất thải rắn đô thị được thu gom, xử lý", "%", 935, 985 },
  { "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", 520, 780 },
};

static void
table_indicators (Writer     *w,
                  const char *plan_label,
                  const char *done_label)
{
  static const double widths[] = { 0.07, 0.41, 0.13, 0.13, 0.13, 0.13 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_CENTER,
    PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  const char *header[] = { "TT", "Chỉ tiêu", "Đơn vị tính", plan_label, done_label,
                           "So sánh (%)" };
  Rows rows;

  rows_init (&rows);
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      const Indicator *ind = &indicators[i];
      guint plan = rng_range (w->rng, ind->low, ind->high);
      guint done = plan * rng_range (w->rng, 960, 1060) / 1000;

      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_add (&rows, ind->name);
      rows_add (&rows, ind->unit);
      rows_take (&rows, format_tenths (plan));
      rows_take (&rows, format_tenths (done));
      rows_take (&rows, percent_of (done, plan));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
}

static const char * const digital_targets[] = {
  "Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình",
  "Tỷ lệ hồ sơ công việc ở cấp tỉnh được xử lý trên môi trường mạng",
  "Tỷ lệ hồ sơ công việc ở cấp xã được xử lý trên môi trường mạng",
  "Tỷ lệ dân số trưởng thành có danh tính số",
  "Tỷ lệ hộ gia đình có kết nối cáp quang băng rộng",
  "Tỷ lệ người dân trưởng thành có tài khoản thanh toán điện tử",
  "Tỷ trọng kinh tế số trong GRDP",
  "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số",
  "Tỷ lệ cơ sở khám, chữa bệnh sử dụng hồ sơ bệnh án điện tử",
  "Tỷ lệ trường học triển khai học bạ số",
  "Tỷ lệ cơ sở dữ liệu chuyên ngành được kết nối với kho dữ liệu dùng chung",
  "Tỷ lệ hệ thống thông tin được phê duyệt cấp độ an toàn",
};

static void
table_digital_targets (Writer *w)
{
  static const double widths[] = { 0.07, 0.51, 0.14, 0.14, 0.14 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_RIGHT,
    PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  static const char * const header[] = {
    "TT", "Chỉ tiêu", "Năm 2025 (%)", "Mục tiêu 2027 (%)", "Mục tiêu 2030 (%)",
  };
  Rows rows;

  rows_init (&rows);
  for (guint i = 0; i < G_N_ELEMENTS (digital_targets); i++)
    {
      guint now = rng_range (w->rng, 120, 780);
      guint step = rng_range (w->rng, 60, 180);
      guint mid = MIN (now + step, 1000);
      guint end;

      step = rng_range (w->rng, 80, 200);
      end = MIN (mid + step, 1000);

      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_add (&rows, digital_targets[i]);
      rows_take (&rows, format_tenths (now));
      rows_take (&rows, format_tenths (mid));
      rows_take (&rows, format_tenths (end));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
}

typedef struct {
  const char *before;    /* the project's name is before + place + after */
  const char *after;
  const char *sector;
} ProjectKind;

static const ProjectKind project_kinds[] = {
  { "Đường giao thông kết nối ", " với quốc lộ", "Giao thông" },
  { "Cải tạo, nâng cấp tỉnh lộ qua ", "", "Giao thông" },
  { "Cầu dân sinh và đường dẫn tại ", "", "Giao thông" },
  { "Trường Trung học phổ thông ", "", "Giáo dục và đào tạo" },
  { "Trường Phổ thông dân tộc bán trú liên cấp ", "", "Giáo dục và đào tạo" },
  { "Trạm Y tế ", "", "Y tế" },
  { "Nâng cấp Trung tâm Y tế khu vực ", "", "Y tế" },
  { "Kè chống sạt lở bờ sông đoạn qua ", "", "Nông nghiệp, thủy lợi và phòng chống thiên tai" },
  { "Hệ thống thủy lợi, cấp nước tưới ", "", "Nông nghiệp, thủy lợi và phòng chống thiên tai" },
  { "Khu tái định cư vùng thiên tai ", "", "Nông nghiệp, thủy lợi và phòng chống thiên tai" },
  { "Nhà văn hóa và khu thể thao ", "", "Văn hóa, thể thao và du lịch" },
  { "Hạ tầng điểm du lịch cộng đồng ", "", "Văn hóa, thể thao và du lịch" },
  { "Trụ sở Công an ", "", "Quốc phòng, an ninh" },
  { "Hạ tầng số và trung tâm dữ liệu phục vụ ", "", "Khoa học, công nghệ và chuyển đổi số" },
};

static void
table_projects (Writer     *w,
                const char *sector,
                guint       n)
{
  static const double widths[] = { 0.06, 0.36, 0.16, 0.12, 0.15, 0.15 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_LEFT,
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  static const char * const header[] = {
    "TT", "Danh mục dự án", "Địa điểm xây dựng", "Thời gian KC-HT",
    "Tổng mức đầu tư (triệu đồng)", "Kế hoạch năm 2027 (triệu đồng)",
  };
  guint matching[G_N_ELEMENTS (project_kinds)];
  guint n_matching = 0;
  guint first_place = plenum_demo_rng_below (w->rng, G_N_ELEMENTS (places));
  Rows rows;

  for (guint k = 0; k < G_N_ELEMENTS (project_kinds); k++)
    if (g_str_equal (project_kinds[k].sector, sector))
      matching[n_matching++] = k;
  g_assert (n_matching > 0);

  rows_init (&rows);
  for (guint i = 0; i < n; i++)
    {
      /* Every kind at every place before any name comes twice. */
      /* cppcheck-suppress uninitvar
       * i % n_matching is below n_matching: only the entries the loop above set. */
      const ProjectKind *kind = &project_kinds[matching[i % n_matching]];
      const char *place = places[(first_place + i / n_matching) % G_N_ELEMENTS (places)];
      guint start = rng_range (w->rng, 2024, 2027);
      guint64 total = (guint64) rng_range (w->rng, 8, 480) * 1000;
      guint64 year = total * rng_range (w->rng, 15, 60) / 100;

      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_take (&rows, g_strconcat (kind->before, place, kind->after, NULL));
      rows_add (&rows, place);
      rows_take (&rows, g_strdup_printf ("%u–%u", start, start + rng_range (w->rng, 1, 3)));
      rows_take (&rows, format_count (total));
      rows_take (&rows, format_count (year));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
}

typedef struct {
  const char *name;
  gboolean    group;  /* a bold-face subtotal line in print: here a row with no number */
} BudgetLine;

static const BudgetLine revenue_lines[] = {
  { "TỔNG THU NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN", TRUE },
  { "Thu nội địa", TRUE },
  { "Thu từ doanh nghiệp nhà nước", FALSE },
  { "Thu từ doanh nghiệp có vốn đầu tư nước ngoài", FALSE },
  { "Thu từ khu vực kinh tế ngoài nhà nước", FALSE },
  { "Thuế thu nhập cá nhân", FALSE },
  { "Thuế bảo vệ môi trường", FALSE },
  { "Lệ phí trước bạ", FALSE },
  { "Thu phí, lệ phí", FALSE },
  { "Thu tiền sử dụng đất", FALSE },
  { "Thu tiền thuê đất, thuê mặt nước", FALSE },
  { "Thu xổ số kiến thiết", FALSE },
  { "Thu khác ngân sách", FALSE },
  { "Thu từ hoạt động xuất nhập khẩu", TRUE },
};

static const BudgetLine spending_lines[] = {
  { "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG", TRUE },
  { "Chi đầu tư phát triển", TRUE },
  { "Chi thường xuyên", TRUE },
  { "Chi sự nghiệp giáo dục, đào tạo và dạy nghề", FALSE },
  { "Chi sự nghiệp y tế, dân số và gia đình", FALSE },
  { "Chi sự nghiệp khoa học và công nghệ, chuyển đổi số", FALSE },
  { "Chi quốc phòng", FALSE },
  { "Chi an ninh và trật tự an toàn xã hội", FALSE },
  { "Chi sự nghiệp văn hóa, thông tin", FALSE },
  { "Chi sự nghiệp bảo vệ môi trường", FALSE },
  { "Chi các hoạt động kinh tế", FALSE },
  { "Chi quản lý hành chính, Đảng, đoàn thể", FALSE },
  { "Chi bảo đảm xã hội", FALSE },
  { "Dự phòng ngân sách", TRUE },
};

static void
table_budget (Writer           *w,
              const BudgetLine *lines,
              guint             n_lines)
{
  static const double widths[] = { 0.07, 0.37, 0.14, 0.14, 0.14, 0.14 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_RIGHT,
    PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  static const char * const header[] = {
    "TT", "Nội dung", "Dự toán năm 2026", "Ước thực hiện năm 2026", "Dự toán năm 2027",
    "So sánh DT 2027/ƯTH 2026 (%)",
  };
  g_autofree guint64 *values = g_new0 (guint64, (gsize) n_lines * 3);
  guint group = 0, item = 0;
  Rows rows;

  /* Line 0 is the total and each group line the sum of the lines under it, so the
   * figures add up as in a real budget; a group with nothing under it has its own. */
  for (guint i = n_lines; i-- > 1;)
    {
      guint64 *v = &values[i * 3];

      if (lines[i].group)
        {
          for (guint j = i + 1; j < n_lines && !lines[j].group; j++)
            for (guint k = 0; k < 3; k++)
              v[k] += values[j * 3 + k];
        }
      if (v[0] == 0)
        {
          v[0] = (guint64) rng_range (w->rng, 150, 4200) * 1000;
          v[1] = v[0] * rng_range (w->rng, 920, 1120) / 1000;
          v[2] = v[1] * rng_range (w->rng, 980, 1150) / 1000;
        }
      if (lines[i].group)
        for (guint k = 0; k < 3; k++)
          values[k] += v[k];
    }

  rows_init (&rows);
  for (guint i = 0; i < n_lines; i++)
    {
      const guint64 *v = &values[i * 3];

      if (i == 0)
        rows_add (&rows, "");
      else if (lines[i].group)
        rows_take (&rows, g_strdup (roman (++group)));
      else
        rows_take (&rows, g_strdup_printf ("%u", ++item));
      rows_add (&rows, lines[i].name);
      rows_take (&rows, format_count (v[0]));
      rows_take (&rows, format_count (v[1]));
      rows_take (&rows, format_count (v[2]));
      rows_take (&rows, percent_of (v[2], v[1]));
    }
  plenum_demo_doc_note (w->doc, "Đơn vị tính: triệu đồng");
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
}

typedef struct {
  const char *title;
  const char *columns[4];
  guint       low[4];
  guint       high[4];
  gboolean    tenths[4];
} StatTable;

static const StatTable stat_tables[] = {
  { "Diện tích, dân số và mật độ dân số",
    { "Diện tích (km²)", "Dân số trung bình (người)",
      "Mật độ (người/km²)", "Tỷ lệ dân số đô thị (%)" },
    { 310, 8200, 35, 40 }, { 4200, 86000, 2400, 990 }, { TRUE, FALSE, FALSE, TRUE } },
  { "Sản xuất lúa và cây lương thực có hạt",
    { "Diện tích gieo trồng (ha)", "Năng suất (tạ/ha)", "Sản lượng (tấn)", "So với năm 2025 (%)" },
    { 120, 420, 600, 940 }, { 4800, 620, 29000, 1080 }, { FALSE, TRUE, FALSE, TRUE } },
  { "Chăn nuôi và thủy sản",
    { "Đàn trâu, bò (con)", "Đàn lợn (con)",
      "Đàn gia cầm (nghìn con)", "Sản lượng thủy sản (tấn)" },
    { 300, 2100, 40, 15 }, { 9800, 42000, 960, 2600 }, { FALSE, FALSE, FALSE, FALSE } },
  { "Doanh nghiệp và hộ kinh doanh",
    { "Doanh nghiệp đang hoạt động", "Doanh nghiệp thành lập mới",
      "Hộ kinh doanh cá thể", "Vốn đăng ký mới (tỷ đồng)" },
    { 12, 1, 150, 5 }, { 1900, 260, 6400, 2200 }, { FALSE, FALSE, FALSE, FALSE } },
  { "Thu ngân sách nhà nước trên địa bàn",
    { "Dự toán giao (triệu đồng)", "Ước thực hiện (triệu đồng)",
      "So với dự toán (%)", "So với năm 2025 (%)" },
    { 4500, 4200, 880, 900 }, { 620000, 680000, 1240, 1190 }, { FALSE, FALSE, TRUE, TRUE } },
  { "Giáo dục phổ thông",
    { "Số trường", "Số lớp học", "Số học sinh", "Trường đạt chuẩn quốc gia (%)" },
    { 3, 24, 650, 420 }, { 38, 620, 21000, 1000 }, { FALSE, FALSE, FALSE, TRUE } },
  { "Y tế và bảo hiểm y tế",
    { "Số giường bệnh", "Số bác sĩ",
      "Tỷ lệ tham gia BHYT (%)", "Trẻ em được tiêm chủng đầy đủ (%)" },
    { 10, 2, 880, 940 }, { 950, 210, 995, 1000 }, { FALSE, FALSE, TRUE, TRUE } },
  { "Lao động, việc làm và giảm nghèo",
    { "Lao động có việc làm (người)", "Lao động qua đào tạo (%)",
      "Hộ nghèo (hộ)", "Tỷ lệ hộ nghèo (%)" },
    { 4200, 420, 12, 5 }, { 52000, 810, 1850, 286 }, { FALSE, TRUE, FALSE, TRUE } },
  { "Hạ tầng số và dịch vụ công trực tuyến",
    { "Thôn, tổ có cáp quang (%)", "Hồ sơ trực tuyến toàn trình (%)",
      "Tổ công nghệ số cộng đồng", "Người có tài khoản thanh toán (%)" },
    { 540, 380, 8, 420 }, { 1000, 960, 120, 940 }, { TRUE, TRUE, FALSE, TRUE } },
  { "Xây dựng nông thôn mới và đô thị",
    { "Tiêu chí đã đạt", "Km đường giao thông được cứng hóa",
      "Nhà văn hóa thôn, tổ", "Tỷ lệ hộ dùng nước sạch (%)" },
    { 11, 4, 6, 610 }, { 19, 180, 64, 1000 }, { FALSE, FALSE, FALSE, TRUE } },
};

static void
table_statistics (Writer          *w,
                  guint            number,
                  const StatTable *table)
{
  static const double widths[] = { 0.07, 0.25, 0.17, 0.17, 0.17, 0.17 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_RIGHT,
    PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  const char *header[] = { "TT", "Xã, phường", table->columns[0], table->columns[1],
                           table->columns[2], table->columns[3] };
  Rows rows;

  heading (w, 3, "Biểu %02u. %s năm 2026", number, table->title);
  plenum_demo_doc_note (w->doc, "Số liệu ước thực hiện đến ngày 31/12/2026");

  rows_init (&rows);
  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    {
      rows_take (&rows, g_strdup_printf ("%u", p + 1));
      rows_add (&rows, places[p]);
      for (guint c = 0; c < 4; c++)
        {
          guint value = rng_range (w->rng, table->low[c], table->high[c]);

          rows_take (&rows, table->tenths[c] ? format_tenths (value) : format_count (value));
        }
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
  plenum_demo_doc_note (w->doc, "Nguồn: Sở Tài chính, Thống kê tỉnh Vân Lĩnh và các xã, phường.");
}

/* ---- People ------------------------------------------------------------------------- */

static const char * const surnames[] = {
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
  "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ", "Lương", "Hà", "Cao",
};
static const char * const middle_male[] = {
  "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân",
};
static const char * const middle_female[] = {
  "Thị", "Thị Thu", "Thị Minh", "Thị Hồng", "Thị Thanh", "Ngọc",
};
static const char * const given_male[] = {
  "Hải", "Dũng", "Thành", "Khánh", "Tùng", "Bình", "Cường", "Phong", "Quân", "Trung",
  "Hiếu", "Nam",
};
static const char * const given_female[] = {
  "Hương", "Lan", "Nga", "Thảo", "Yến", "Hạnh", "Trang", "Linh", "Dung", "Huyền",
};

static char *
person_name (Writer *w)
{
  gboolean female = plenum_demo_rng_below (w->rng, 3) == 0;
  /* One draw per statement: C leaves the order of a call's arguments open, and gcc
   * and clang differ, so draws inside one argument list would give different names. */
  const char *surname = PICK (w, surnames);
  const char *middle = female ? PICK (w, middle_female) : PICK (w, middle_male);
  const char *given = female ? PICK (w, given_female) : PICK (w, given_male);

  return g_strdup_printf ("%s %s %s", surname, middle, given);
}

typedef struct {
  const char *now;
  const char *proposed;
} Move;

static const Move moves[] = {
  { "Phó Giám đốc Sở Tài chính", "Giám đốc Sở Tài chính" },
  { "Phó Trưởng Ban Tổ chức Tỉnh ủy", "Phó Trưởng Ban Thường trực Ban Tổ chức Tỉnh ủy" },
  { "Phó Chủ tịch Ủy ban nhân dân phường Vân Sơn", "Bí thư Đảng ủy phường Vân Sơn" },
  { "Phó Giám đốc Sở Y tế", "Giám đốc Sở Y tế" },
  { "Trưởng phòng Tổng hợp, Văn phòng Tỉnh ủy", "Phó Chánh Văn phòng Tỉnh ủy" },
  { "Phó Bí thư Đảng ủy xã Tân Phong", "Bí thư Đảng ủy xã Tân Phong" },
  { "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "Tham gia Ban Chấp hành Đảng bộ tỉnh (bổ sung quy hoạch)" },
  { "Phó Giám đốc Sở Khoa học và Công nghệ", "Giám đốc Sở Khoa học và Công nghệ" },
};

static void
personnel_proposals (Writer *w)
{
  static const double widths[] = { 0.06, 0.2, 0.09, 0.24, 0.27, 0.14 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_CENTER,
    PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_CENTER,
  };
  static const char * const header[] = {
    "TT", "Họ và tên", "Năm sinh", "Chức vụ hiện nay", "Đề xuất", "Phiếu giới thiệu",
  };
  static const char * const degrees[] = {
    "Thạc sĩ Kinh tế", "Thạc sĩ Quản lý công", "Tiến sĩ Kinh tế nông nghiệp",
    "Cử nhân Luật", "Thạc sĩ Quản trị kinh doanh", "Bác sĩ chuyên khoa II",
  };
  char *names[G_N_ELEMENTS (moves)];
  guint years[G_N_ELEMENTS (moves)];
  Rows rows;

  rows_init (&rows);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      guint voters = rng_range (w->rng, 38, 64);
      guint votes = voters - rng_range (w->rng, 0, voters / 6);

      names[i] = person_name (w);
      years[i] = rng_range (w->rng, 1972, 1986);
      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_add (&rows, names[i]);
      rows_take (&rows, g_strdup_printf ("%u", years[i]));
      rows_add (&rows, moves[i].now);
      rows_add (&rows, moves[i].proposed);
      rows_take (&rows, g_strdup_printf ("%u/%u", votes, voters));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autofree char *lead = NULL;
      const char *home = PICK (w, places);
      const char *degree = PICK (w, degrees);

      heading (w, 4, "%u. Đồng chí %s", i + 1, names[i]);
      lead = g_strdup_printf ("Đồng chí %s, sinh năm %u, quê quán %s; trình độ chuyên môn "
                              "%s, lý luận chính trị cao cấp; hiện là %s. Đồng chí đã "
                              "kinh qua nhiều vị trí công tác, hoàn thành tốt nhiệm vụ "
                              "được giao trong nhiều năm liền.",
                              names[i], years[i], home, degree, moves[i].now);
      paragraph_with (w, lead, 2);
      g_free (names[i]);
    }
}

/* ---- The topics ------------------------------------------------------------------------ */

static void
write_submission (Writer *w,
                  double  target)
{
  static const char * const steps[] = {
    "Thành lập Tổ biên tập, xây dựng đề cương chi tiết và kế hoạch triển khai.",
    "Tổ chức khảo sát thực tế tại một số sở, ngành và các xã, phường.",
    "Tổ chức hội thảo lấy ý kiến các chuyên gia, nhà khoa học, doanh nghiệp.",
    "Gửi xin ý kiến các sở, ban, ngành, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh.",
    "Tiếp thu, giải trình ý kiến góp ý, hoàn thiện dự thảo trình Ban Thường vụ Tỉnh ủy.",
  };

  plenum_demo_doc_note (w->doc, "Kính gửi: Ban Thường vụ Tỉnh ủy");
  plenum_demo_doc_paragraph (w->doc,
                             "Thực hiện Chương trình làm việc năm 2026 của Ban Chấp hành Đảng "
                             "bộ tỉnh, Ban Thường vụ Tỉnh ủy, trên cơ sở ý kiến thẩm định của "
                             "các cơ quan tham mưu, giúp việc Tỉnh ủy, kính trình Ban Thường "
                             "vụ Tỉnh ủy xem xét, cho ý kiến như sau:");

  heading (w, 2, "I. SỰ CẦN THIẾT");
  paragraph (w);
  paragraph (w);
  heading (w, 2, "II. QUÁ TRÌNH XÂY DỰNG");
  paragraph_with (w, "Quá trình chuẩn bị được tiến hành nghiêm túc, đúng quy trình, gồm các "
                  "bước chủ yếu sau:", 0);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    bullet (w, steps[i]);
  heading (w, 2, "III. NỘI DUNG CHỦ YẾU");
  paragraphs_until (w, target - 0.45, 40);
  heading (w, 2, "IV. ĐỀ XUẤT, KIẾN NGHỊ");
  paragraph_with (w, "Kính trình Ban Thường vụ Tỉnh ủy xem xét, cho ý kiến để cơ quan chủ "
                  "trì tiếp thu, hoàn thiện và triển khai thực hiện theo quy định.", 0);
}

/* One numbered section per field, each given an equal share of the pages up to @end. */
static void
write_fields (Writer      *w,
              const Field *fields,
              guint        n_fields,
              double       end,
              guint        level,
              const char  *prefix,
              void       (*after_first) (Writer *w))
{
  double start = position (w);

  for (guint i = 0; i < n_fields; i++)
    {
      double field_end = start + (end - start) * (i + 1) / n_fields;

      w->subject = fields[i].subject;
      heading (w, level, "%s%u. %s", prefix, i + 1, fields[i].heading);
      paragraph (w);
      paragraphs_until (w, field_end, 40);
      if (i == 0 && after_first != NULL)
        after_first (w);
    }
}

static void
economy_table_2026 (Writer *w)
{
  plenum_demo_doc_note (w->doc, "Bảng 1. Kết quả thực hiện các chỉ tiêu chủ yếu năm 2026");
  table_indicators (w, "Kế hoạch 2026", "Ước thực hiện 2026");
}

static void
write_economy (Writer *w,
               double  target)
{
  heading (w, 2, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026");
  w->subject = "phát triển kinh tế - xã hội";
  paragraph_with (w, "Năm 2026 là năm đầu thực hiện Nghị quyết Đại hội Đảng bộ tỉnh nhiệm "
                  "kỳ 2025–2030, trong bối cảnh còn nhiều khó khăn, thách thức.", 3);
  write_fields (w, economy_fields, G_N_ELEMENTS (economy_fields), target * 0.58, 3, "",
                economy_table_2026);

  heading (w, 2, "II. HẠN CHẾ, YẾU KÉM VÀ NGUYÊN NHÂN");
  heading (w, 3, "1. Hạn chế, yếu kém");
  for (guint i = 0; i < G_N_ELEMENTS (limitations); i++)
    bullet (w, limitations[i]);
  heading (w, 3, "2. Nguyên nhân");
  heading (w, 4, "a) Nguyên nhân khách quan");
  paragraph (w);
  heading (w, 4, "b) Nguyên nhân chủ quan");
  paragraph (w);
  paragraph (w);

  heading (w, 2, "III. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2027");
  heading (w, 3, "1. Mục tiêu tổng quát");
  paragraph_with (w, "Tập trung phát triển kinh tế nhanh và bền vững gắn với bảo vệ môi "
                  "trường; đẩy mạnh chuyển đổi số, cải thiện môi trường đầu tư kinh doanh; "
                  "bảo đảm an sinh xã hội, nâng cao đời sống vật chất và tinh thần của "
                  "Nhân dân; giữ vững quốc phòng, an ninh.", 1);
  heading (w, 3, "2. Các chỉ tiêu chủ yếu");
  table_indicators (w, "Ước thực hiện 2026", "Kế hoạch 2027");
  heading (w, 3, "3. Nhiệm vụ, giải pháp chủ yếu");
  write_fields (w, economy_fields, G_N_ELEMENTS (economy_fields), target - 0.7, 4, "3.",
                NULL);

  heading (w, 2, "IV. KIẾN NGHỊ, ĐỀ XUẤT");
  paragraph (w);
}

static void
write_statistics (Writer *w,
                  double  target)
{
  w->subject = "phát triển kinh tế - xã hội";
  paragraph_with (w, "Phụ lục này tổng hợp một số chỉ tiêu kinh tế - xã hội chủ yếu năm 2026 "
                  "theo đơn vị hành chính cấp xã, làm căn cứ cho Báo cáo tình hình kinh tế - "
                  "xã hội năm 2026.", 0);
  for (guint i = 0; i < G_N_ELEMENTS (stat_tables) && position (w) < target - 0.5; i++)
    table_statistics (w, i + 1, &stat_tables[i]);
}

static void
write_resolution (Writer *w,
                  double  target)
{
  static const char * const views[] = {
    "Chuyển đổi số là nhiệm vụ trọng tâm, xuyên suốt của cả hệ thống chính trị, lấy người dân và "
      "doanh nghiệp làm trung tâm.",
    "Nhận thức đóng vai trò quyết định; người đứng đầu cấp ủy, chính quyền trực tiếp lãnh đạo, "
      "chỉ đạo và chịu trách nhiệm về kết quả chuyển đổi số.",
    "Phát triển đồng bộ chính quyền số, kinh tế số và xã hội số; dữ liệu là tài nguyên, hạ tầng "
      "số là nền tảng.",
    "Bảo đảm an toàn, an ninh mạng là yêu cầu xuyên suốt, không tách rời quá trình chuyển đổi số.",
  };
  static const char * const goals[] = {
    "100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.",
    "Kinh tế số chiếm trên 25% GRDP của tỉnh.",
    "Trên 90% hộ gia đình có kết nối internet băng rộng cáp quang.",
    "Trên 80% người dân trưởng thành sử dụng dịch vụ thanh toán điện tử.",
    "100% hồ sơ công việc cấp tỉnh và cấp xã được xử lý trên môi trường mạng, trừ hồ sơ mật.",
  };
  static const char * const tasks[] = {
    "Các cấp ủy, tổ chức đảng tổ chức học tập, quán triệt và xây dựng chương trình hành động "
      "thực hiện Nghị quyết.",
    "Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo xây dựng kế hoạch, bố trí nguồn lực thực hiện Nghị "
      "quyết.",
    "Đảng ủy Hội đồng nhân dân tỉnh lãnh đạo ban hành các cơ chế, chính sách đặc thù phục vụ "
      "chuyển đổi số.",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì tuyên truyền, phổ biến Nghị quyết.",
    "Văn phòng Tỉnh ủy theo dõi, đôn đốc, định kỳ báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện.",
  };

  w->subject = "chuyển đổi số";
  heading (w, 2, "I. TÌNH HÌNH VÀ NGUYÊN NHÂN");
  paragraph (w);
  paragraph (w);
  paragraph (w);
  heading (w, 2, "II. QUAN ĐIỂM, MỤC TIÊU");
  heading (w, 3, "1. Quan điểm");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    bullet (w, views[i]);
  heading (w, 3, "2. Mục tiêu đến năm 2030");
  paragraph (w);
  for (guint i = 0; i < G_N_ELEMENTS (goals); i++)
    bullet (w, goals[i]);
  heading (w, 2, "III. NHIỆM VỤ, GIẢI PHÁP");
  write_fields (w, digital_fields, 10, target - 1.0, 3, "", NULL);
  heading (w, 2, "IV. TỔ CHỨC THỰC HIỆN");
  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u. %s", i + 1, tasks[i]);

      plenum_demo_doc_paragraph (w->doc, text);
    }
  plenum_demo_doc_paragraph (w->doc, "Nghị quyết này được phổ biến đến chi bộ.");
}

static void
digital_situation (Writer *w,
                   double  end)
{
  guint n_fields = G_N_ELEMENTS (digital_fields);
  double start = position (w);

  for (guint i = 0; i < n_fields; i++)
    {
      double field_start = position (w);
      double field_end = start + (end - start) * (i + 1) / n_fields;

      w->subject = digital_fields[i].subject;
      heading (w, 3, "%u. %s", i + 1, digital_fields[i].heading);
      heading (w, 4, "a) Kết quả đạt được");
      paragraph (w);
      paragraphs_until (w, field_start + (field_end - field_start) * 0.6, 20);
      if (i == 0)
        {
          plenum_demo_doc_note (w->doc, "Bảng 2. Một số chỉ tiêu chuyển đổi số của tỉnh");
          table_digital_targets (w);
        }
      heading (w, 4, "b) Tồn tại, hạn chế");
      paragraph (w);
      paragraphs_until (w, field_end, 20);
    }
}

static void
digital_tasks (Writer *w,
               double  end)
{
  static const char * const subs[] = {
    "a) Mục tiêu", "b) Nhiệm vụ cụ thể", "c) Giải pháp thực hiện", "d) Phân công thực hiện",
  };
  static const char * const actions[] = {
    "Rà soát, hoàn thiện quy hoạch, kế hoạch về {F} phù hợp với quy hoạch tỉnh.",
    "Xây dựng hệ thống thông tin phục vụ {F}, kết nối với kho dữ liệu dùng chung.",
    "Chuẩn hóa, số hóa dữ liệu, bảo đảm đúng, đủ, sạch, sống trong {F}.",
    "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức làm công tác {F}.",
    "Thí điểm mô hình mới tại {P}, đánh giá và nhân rộng trong toàn tỉnh.",
    "Huy động doanh nghiệp công nghệ số tham gia {F} theo hình thức hợp tác công tư.",
    "Đưa chỉ tiêu về {F} vào đánh giá, xếp loại tổ chức, cá nhân hằng năm.",
  };
  guint n_fields = G_N_ELEMENTS (digital_fields);
  double start = position (w);

  for (guint i = 0; i < n_fields; i++)
    {
      double field_end = start + (end - start) * (i + 1) / n_fields;
      g_autofree char *lead = NULL;

      w->subject = digital_fields[i].subject;
      heading (w, 3, "%u. %s", i + 1, digital_fields[i].heading);
      heading (w, 4, "%s", subs[0]);
      lead = g_strdup_printf ("Đến năm 2030, hoàn thành các mục tiêu chủ yếu về %s "
                              "theo lộ trình của Đề án.", digital_fields[i].subject);
      paragraph_with (w, lead, 1);
      heading (w, 4, "%s", subs[1]);
      bullets_from (w, BANK (actions), 4);
      paragraph (w);
      heading (w, 4, "%s", subs[2]);
      paragraph (w);
      /* Leave about a fifth of a page for the assignments. */
      paragraphs_until (w, field_end - 0.2, 20);
      heading (w, 4, "%s", subs[3]);
      {
        guint lead_agency = plenum_demo_rng_below (w->rng, G_N_ELEMENTS (agencies));
        guint partner = (lead_agency + 1 +
                         plenum_demo_rng_below (w->rng, G_N_ELEMENTS (agencies) - 1)) %
                        G_N_ELEMENTS (agencies);
        g_autofree char *assign = g_strdup_printf ("%s chủ trì, phối hợp với %s và Ủy ban "
                                                   "nhân dân các xã, phường tổ chức thực "
                                                   "hiện; định kỳ 6 tháng báo cáo kết quả.",
                                                   agencies[lead_agency], agencies[partner]);

        plenum_demo_doc_paragraph (w->doc, assign);
      }
    }
}

static void
write_digital (Writer *w,
               double  target)
{
  static const char * const bases[] = {
    "Nghị quyết 57-NQ/TW của Bộ Chính trị về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số.",
    "Luật Giao dịch điện tử, Luật Dữ liệu, Luật An ninh mạng và các văn bản hướng dẫn thi hành.",
    "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Vân Lĩnh lần thứ XVIII, nhiệm kỳ 2025–2030.",
    "Quy hoạch tỉnh Vân Lĩnh thời kỳ 2021–2030, tầm nhìn đến năm 2050.",
    "Chương trình làm việc năm 2026 của Ban Chấp hành Đảng bộ tỉnh.",
  };
  static const char * const principles[] = {
    "Lấy người dân, doanh nghiệp làm trung tâm, là chủ thể và mục tiêu của chuyển đổi số.",
    "Phát triển có trọng tâm, trọng điểm, làm đến đâu chắc đến đó, không chạy theo phong trào.",
    "Kết hợp hài hòa giữa phát triển hạ tầng, dữ liệu, nền tảng và con người.",
    "Bảo đảm chủ quyền số, an toàn thông tin và quyền riêng tư của người dân.",
    "Huy động tối đa nguồn lực xã hội, nguồn lực ngân sách giữ vai trò dẫn dắt.",
  };

  heading (w, 1, "%s\nSỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN", ordinal_part (1));
  w->subject = "chuyển đổi số";
  heading (w, 2, "I. SỰ CẦN THIẾT");
  paragraphs_until (w, target * 0.03, 30);
  heading (w, 2, "II. CĂN CỨ XÂY DỰNG ĐỀ ÁN");
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    bullet (w, bases[i]);
  heading (w, 2, "III. PHẠM VI, ĐỐI TƯỢNG");
  paragraph (w);

  heading (w, 1, "%s\nTHỰC TRẠNG CHUYỂN ĐỔI SỐ TỈNH VÂN LĨNH GIAI ĐOẠN 2021–2025",
           ordinal_part (2));
  heading (w, 2, "I. KẾT QUẢ ĐẠT ĐƯỢC");
  digital_situation (w, target * 0.34);
  heading (w, 2, "II. HẠN CHẾ VÀ NGUYÊN NHÂN");
  w->subject = "chuyển đổi số";
  paragraphs_until (w, target * 0.37, 60);
  heading (w, 2, "III. BÀI HỌC KINH NGHIỆM");
  paragraph (w);
  paragraph (w);

  heading (w, 1, "%s\nQUAN ĐIỂM, MỤC TIÊU", ordinal_part (3));
  heading (w, 2, "I. QUAN ĐIỂM");
  for (guint i = 0; i < G_N_ELEMENTS (principles); i++)
    bullet (w, principles[i]);
  heading (w, 2, "II. MỤC TIÊU");
  heading (w, 3, "1. Mục tiêu tổng quát");
  paragraph (w);
  heading (w, 3, "2. Mục tiêu cụ thể đến năm 2030");
  table_digital_targets (w);
  heading (w, 3, "3. Tầm nhìn đến năm 2035");
  paragraph (w);

  heading (w, 1, "%s\nNHIỆM VỤ VÀ GIẢI PHÁP", ordinal_part (4));
  heading (w, 2, "I. NHIỆM VỤ THEO LĨNH VỰC");
  digital_tasks (w, target * 0.87);
  heading (w, 2, "II. GIẢI PHÁP CHUNG");
  w->subject = "chuyển đổi số";
  paragraphs_until (w, target * 0.945, 80);

  heading (w, 1, "%s\nKINH PHÍ VÀ TỔ CHỨC THỰC HIỆN", ordinal_part (5));
  heading (w, 2, "I. KINH PHÍ THỰC HIỆN");
  paragraph (w);
  paragraphs_until (w, target * 0.96, 20);
  heading (w, 2, "II. DANH MỤC NHIỆM VỤ, DỰ ÁN ƯU TIÊN");
  table_projects (w, "Khoa học, công nghệ và chuyển đổi số", 14);
  heading (w, 2, "III. PHÂN CÔNG THỰC HIỆN");
  for (guint i = 0; i < G_N_ELEMENTS (agencies) && position (w) < target - 0.6; i++)
    {
      g_autofree char *lead = g_strdup_printf ("%s: chủ trì, tham mưu triển khai các nhiệm "
                                               "vụ của Đề án thuộc lĩnh vực, địa bàn phụ "
                                               "trách.", agencies[i]);

      paragraph_with (w, lead, 2);
    }
}

static void
write_feedback (Writer *w,
                double  target)
{
  static const double widths[] = { 0.07, 0.2, 0.38, 0.35 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_LEFT,
    PLENUM_DEMO_ALIGN_LEFT,
  };
  static const char * const header[] = {
    "TT", "Cơ quan, đơn vị góp ý", "Nội dung góp ý", "Tiếp thu, giải trình",
  };
  static const char * const comments[] = {
    "Đề nghị làm rõ hơn lộ trình thực hiện mục tiêu về {F}.",
    "Đề nghị bổ sung chỉ tiêu đánh giá mức độ hài lòng của người dân đối với {F}.",
    "Cần xác định rõ nguồn kinh phí và cơ chế huy động nguồn lực xã hội.",
    "Đề nghị rà soát, bảo đảm thống nhất với quy hoạch tỉnh và các nghị quyết chuyên đề.",
    "Phần đánh giá thực trạng cần có số liệu so sánh với các tỉnh trong vùng.",
    "Đề nghị phân công cụ thể trách nhiệm của các xã, phường trong {F}.",
  };
  static const char * const answers[] = {
    "Tiếp thu, đã chỉnh sửa tại Phần thứ tư của dự thảo Đề án.",
    "Tiếp thu, đã bổ sung vào mục tiêu cụ thể.",
    "Giải trình: nội dung này đã được quy định tại kế hoạch triển khai, không đưa vào Nghị quyết.",
    "Tiếp thu một phần; đề nghị giữ như dự thảo để bảo đảm tính khái quát.",
    "Tiếp thu, đã rà soát và thống nhất số liệu với Thống kê tỉnh.",
  };
  Rows rows;
  guint n = 0;

  w->subject = "chuyển đổi số";
  heading (w, 2, "I. KHÁI QUÁT QUÁ TRÌNH LẤY Ý KIẾN");
  paragraph_with (w, "Dự thảo đã được gửi xin ý kiến {N} cơ quan, đơn vị; đến nay đã nhận "
                  "được ý kiến bằng văn bản của các sở, ban, ngành, Mặt trận Tổ quốc, các tổ "
                  "chức chính trị - xã hội tỉnh và các đảng ủy trực thuộc.", 2);
  paragraph (w);
  heading (w, 2, "II. TỔNG HỢP Ý KIẾN VÀ TIẾP THU, GIẢI TRÌNH");

  rows_init (&rows);
  /* About seventeen rows to a page. */
  n = (guint) CLAMP ((target - position (w) - 0.8) * 17, 6, 200);
  for (guint i = 0; i < n; i++)
    {
      w->subject = digital_fields[plenum_demo_rng_below (w->rng,
                                                         G_N_ELEMENTS (digital_fields))].subject;
      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_add (&rows, PICK (w, agencies));
      rows_take (&rows, expand (w, PICK (w, comments)));
      rows_add (&rows, PICK (w, answers));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);

  heading (w, 2, "III. NHỮNG VẤN ĐỀ XIN Ý KIẾN BAN THƯỜNG VỤ TỈNH ỦY");
  w->subject = "chuyển đổi số";
  paragraph (w);
}

static void
write_personnel (Writer *w,
                 double  target)
{
  static const char * const bases[] = {
    "Điều lệ Đảng và các quy định của Trung ương về công tác cán bộ.",
    "Quy định của Bộ Chính trị về phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử.",
    "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh, Ban Thường vụ Tỉnh ủy nhiệm kỳ 2025–2030.",
    "Quy hoạch cán bộ lãnh đạo, quản lý của tỉnh nhiệm kỳ 2025–2030 và 2030–2035.",
  };

  w->subject = "công tác cán bộ";
  heading (w, 2, "I. CĂN CỨ");
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    bullet (w, bases[i]);
  heading (w, 2, "II. QUY TRÌNH THỰC HIỆN");
  paragraph (w);
  paragraph (w);
  heading (w, 2, "III. ĐỀ XUẤT NHÂN SỰ");
  personnel_proposals (w);
  paragraphs_until (w, target - 0.5, 20);
  heading (w, 2, "IV. ĐỀ NGHỊ");
  plenum_demo_doc_paragraph (w->doc,
                             "Ban Tổ chức Tỉnh ủy kính trình Ban Thường vụ Tỉnh ủy xem xét, "
                             "thảo luận và biểu quyết bằng phiếu kín đối với từng nhân sự.");
}

static void
write_procedure (Writer *w,
                 double  target)
{
  static const char * const step_titles[] = {
    "Bước 1. Hội nghị tập thể lãnh đạo",
    "Bước 2. Hội nghị cán bộ chủ chốt",
    "Bước 3. Hội nghị tập thể lãnh đạo (lần hai)",
    "Bước 4. Hội nghị cấp ủy",
    "Bước 5. Thẩm định và trình Ban Thường vụ Tỉnh ủy",
  };
  static const char * const actions[] = {
    "Thảo luận, thống nhất về cơ cấu, tiêu chuẩn, điều kiện và quy trình giới thiệu nhân sự.",
    "Người đứng đầu thông báo danh sách cán bộ trong quy hoạch đủ tiêu chuẩn, điều kiện.",
    "Thành phần dự hội nghị giới thiệu nhân sự bằng phiếu kín.",
    "Kiểm phiếu công khai; biên bản kiểm phiếu được niêm phong và lưu theo quy định.",
    "Nhân sự được giới thiệu phải đạt trên 50% tổng số người được triệu tập.",
    "Xác minh lý lịch, kê khai tài sản, thu nhập và lấy ý kiến nhận xét của chi ủy nơi cư trú.",
    "Cơ quan tham mưu về tổ chức cán bộ thẩm định hồ sơ và báo cáo cấp có thẩm quyền.",
  };

  w->subject = "công tác cán bộ";
  paragraph_with (w, "Hướng dẫn này quy định trình tự, thủ tục giới thiệu, lấy phiếu tín "
                  "nhiệm nhân sự thuộc diện Ban Thường vụ Tỉnh ủy quản lý.", 1);
  for (guint i = 0; i < G_N_ELEMENTS (step_titles); i++)
    {
      heading (w, 3, "%s", step_titles[i]);
      bullets_from (w, BANK (actions), 3);
      if (position (w) < target * (i + 1) / G_N_ELEMENTS (step_titles) - 0.3)
        paragraph (w);
    }
  heading (w, 3, "Tổ chức thực hiện");
  paragraph (w);
}

static void
write_investment (Writer *w,
                  double  target)
{
  static const char * const sectors[] = {
    "Giao thông", "Giáo dục và đào tạo", "Y tế",
    "Nông nghiệp, thủy lợi và phòng chống thiên tai", "Văn hóa, thể thao và du lịch",
    "Quốc phòng, an ninh", "Khoa học, công nghệ và chuyển đổi số",
  };
  double start;

  w->subject = "thực hiện kế hoạch đầu tư công";
  heading (w, 2, "I. TÌNH HÌNH THỰC HIỆN KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026");
  paragraphs_until (w, target * 0.15, 40);
  heading (w, 2, "II. KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2027");
  heading (w, 3, "1. Nguyên tắc bố trí vốn");
  paragraph (w);
  paragraph (w);
  heading (w, 3, "2. Danh mục dự án theo ngành, lĩnh vực");
  start = position (w);
  for (guint i = 0; i < G_N_ELEMENTS (sectors); i++)
    {
      /* Each sector's list about fills its share of the pages left for the lists:
       * some twenty-six rows to a page. */
      double share = (target * 0.88 - start) / G_N_ELEMENTS (sectors);

      heading (w, 4, "2.%u. %s", i + 1, sectors[i]);
      table_projects (w, sectors[i], (guint) CLAMP (share * 26, 4, 80));
    }
  heading (w, 2, "III. GIẢI PHÁP THỰC HIỆN");
  paragraphs_until (w, target - 0.4, 40);
}

static void
write_budget (Writer *w,
              double  target)
{
  w->subject = "thu, chi ngân sách";
  heading (w, 2, "I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN DỰ TOÁN NGÂN SÁCH NĂM 2026");
  heading (w, 3, "1. Thu ngân sách nhà nước");
  paragraphs_until (w, target * 0.2, 40);
  heading (w, 3, "2. Chi ngân sách địa phương");
  paragraphs_until (w, target * 0.4, 40);
  heading (w, 2, "II. DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2027");
  heading (w, 3, "1. Dự toán thu");
  paragraph (w);
  table_budget (w, BANK (revenue_lines));
  heading (w, 3, "2. Dự toán chi");
  paragraph (w);
  table_budget (w, BANK (spending_lines));
  heading (w, 2, "III. GIẢI PHÁP ĐIỀU HÀNH NGÂN SÁCH NĂM 2027");
  paragraphs_until (w, target - 0.4, 60);
}

static void
write_inspection (Writer *w,
                  double  target)
{
  static const double widths[] = { 0.07, 0.33, 0.15, 0.15, 0.15, 0.15 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_RIGHT,
    PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT, PLENUM_DEMO_ALIGN_RIGHT,
  };
  static const char * const header[] = {
    "TT", "Chủ thể kiểm tra, giám sát", "Tổ chức đảng được kiểm tra",
    "Đảng viên được kiểm tra", "Cuộc giám sát chuyên đề", "Đảng viên bị kỷ luật",
  };
  static const char * const levels[] = {
    "Ban Thường vụ Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Các đảng ủy trực thuộc Tỉnh ủy",
    "Ủy ban kiểm tra các đảng ủy trực thuộc", "Đảng ủy các xã, phường",
    "Ủy ban kiểm tra đảng ủy xã, phường", "Chi bộ trực thuộc",
  };
  static const char * const sections[] = {
    "I. KIỂM TRA, GIÁM SÁT CỦA CẤP ỦY",
    "II. KIỂM TRA, GIÁM SÁT CỦA ỦY BAN KIỂM TRA",
    "III. THI HÀNH KỶ LUẬT TRONG ĐẢNG",
    "IV. GIẢI QUYẾT TỐ CÁO, KHIẾU NẠI KỶ LUẬT ĐẢNG",
    "V. KIỂM TRA TÀI CHÍNH ĐẢNG",
    "VI. ĐÁNH GIÁ CHUNG",
  };
  Rows rows;

  w->subject = "công tác kiểm tra, giám sát";
  heading (w, 1, "A. KẾT QUẢ CÔNG TÁC KIỂM TRA, GIÁM SÁT NĂM 2026");
  plenum_demo_doc_note (w->doc, "Bảng 1. Kết quả kiểm tra, giám sát năm 2026");
  rows_init (&rows);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      rows_take (&rows, g_strdup_printf ("%u", i + 1));
      rows_add (&rows, levels[i]);
      rows_take (&rows, format_count (rng_range (w->rng, 4, 380)));
      rows_take (&rows, format_count (rng_range (w->rng, 6, 1400)));
      rows_take (&rows, format_count (rng_range (w->rng, 1, 60)));
      rows_take (&rows, format_count (rng_range (w->rng, 0, 24)));
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      heading (w, 2, "%s", sections[i]);
      paragraphs_until (w, target * 0.7 * (i + 1) / G_N_ELEMENTS (sections), 40);
    }

  heading (w, 1, "B. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027");
  heading (w, 2, "I. MỤC TIÊU");
  paragraph (w);
  heading (w, 2, "II. NHIỆM VỤ TRỌNG TÂM");
  for (guint i = 0; i < 12 && position (w) < target - 0.5; i++)
    {
      guint which = plenum_demo_rng_below (w->rng, G_N_ELEMENTS (economy_fields));
      const char *field = economy_fields[which].subject;
      const char *place = PICK (w, places);
      g_autofree char *lead = g_strdup_printf ("%u. Kiểm tra, giám sát việc lãnh đạo, chỉ "
                                               "đạo thực hiện %s tại %s.", i + 1, field, place);

      paragraph_with (w, lead, 2);
    }
}

static void
write_programme (Writer *w,
                 double  target)
{
  static const double widths[] = { 0.1, 0.5, 0.24, 0.16 };
  static const PlenumDemoAlign aligns[] = {
    PLENUM_DEMO_ALIGN_CENTER, PLENUM_DEMO_ALIGN_LEFT, PLENUM_DEMO_ALIGN_LEFT,
    PLENUM_DEMO_ALIGN_CENTER,
  };
  static const char * const header[] = {
    "Tháng", "Nội dung", "Cơ quan chủ trì chuẩn bị", "Cấp cho ý kiến",
  };
  /* What is discussed, who prepares it, and who gives the opinion. */
  static const char * const topics[][3] = {
    { "Tình hình kinh tế - xã hội quý và nhiệm vụ quý tiếp theo",
      "Đảng ủy Ủy ban nhân dân tỉnh", "Ban Thường vụ" },
    { "Kết quả thực hiện Nghị quyết về chuyển đổi số", "Ban Chỉ đạo chuyển đổi số",
      "Ban Thường vụ" },
    { "Công tác cán bộ thuộc thẩm quyền", "Ban Tổ chức Tỉnh ủy", "Ban Thường vụ" },
    { "Kế hoạch tổ chức các ngày lễ lớn của đất nước và của tỉnh",
      "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Thường trực" },
    { "Sơ kết công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
      "Ủy ban Kiểm tra Tỉnh ủy", "Ban Thường vụ" },
    { "Tình hình an ninh chính trị, trật tự an toàn xã hội", "Đảng ủy Công an tỉnh",
      "Ban Thường vụ" },
    { "Công tác phòng, chống tham nhũng, lãng phí, tiêu cực", "Ban Nội chính Tỉnh ủy",
      "Ban Thường vụ" },
    { "Đề án phát triển du lịch cộng đồng vùng cao", "Đảng ủy Ủy ban nhân dân tỉnh",
      "Ban Chấp hành" },
    { "Điều chỉnh kế hoạch đầu tư công trung hạn", "Đảng ủy Ủy ban nhân dân tỉnh",
      "Ban Chấp hành" },
    { "Công tác dân vận và tình hình tư tưởng trong cán bộ, đảng viên, Nhân dân",
      "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Thường trực" },
    { "Công tác chuẩn bị mùa mưa bão, phòng chống thiên tai",
      "Đảng ủy Ủy ban nhân dân tỉnh", "Thường trực" },
    { "Kết quả giải quyết khiếu nại, tố cáo và kiến nghị của cử tri",
      "Đảng ủy Hội đồng nhân dân tỉnh", "Thường trực" },
    { "Chương trình giảm nghèo bền vững ở vùng đồng bào dân tộc thiểu số",
      "Đảng ủy Ủy ban nhân dân tỉnh", "Ban Thường vụ" },
    { "Tình hình thực hiện dự toán ngân sách", "Đảng ủy Ủy ban nhân dân tỉnh",
      "Ban Thường vụ" },
    { "Tổ chức, hoạt động của chính quyền địa phương hai cấp", "Ban Tổ chức Tỉnh ủy",
      "Ban Chấp hành" },
    { "Công tác quân sự, quốc phòng địa phương", "Đảng ủy Quân sự tỉnh", "Ban Thường vụ" },
    { "Kết quả hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
      "Đảng ủy Mặt trận Tổ quốc tỉnh", "Thường trực" },
  };
  Rows rows;
  guint next = plenum_demo_rng_below (w->rng, G_N_ELEMENTS (topics));

  w->subject = "thực hiện chương trình làm việc";
  heading (w, 2, "I. MỤC ĐÍCH, YÊU CẦU");
  paragraph (w);
  paragraph (w);
  heading (w, 2, "II. NỘI DUNG CHƯƠNG TRÌNH");
  rows_init (&rows);
  for (guint month = 1; month <= 12; month++)
    {
      guint n = rng_range (w->rng, 3, 5);

      /* Consecutive topics of the list: no topic twice in one month. */
      for (guint i = 0; i < n; i++)
        {
          const char * const *topic = topics[next];

          next = (next + 1) % G_N_ELEMENTS (topics);
          rows_take (&rows, i == 0 ? g_strdup_printf ("Tháng %u", month) : g_strdup (""));
          rows_add (&rows, topic[0]);
          rows_add (&rows, topic[1]);
          rows_add (&rows, topic[2]);
        }
    }
  rows_emit (w, &rows, G_N_ELEMENTS (widths), widths, aligns, header);
  heading (w, 2, "III. TỔ CHỨC THỰC HIỆN");
  paragraphs_until (w, target - 0.5, 60);
}

void
plenum_demo_write_body (PlenumDemoDoc   *doc,
                        PlenumDemoRng   *rng,
                        PlenumDemoTopic  topic,
                        const char      *subject,
                        guint            target_pages)
{
  Writer w;
  double target = target_pages;

  g_return_if_fail (doc != NULL && rng != NULL);

  switch (topic)
    {
    case PLENUM_DEMO_TOPIC_SUBMISSION:
      g_return_if_fail (subject != NULL);
      writer_init (&w, doc, rng, NULL, 0, subject);
      write_submission (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_ECONOMY:
      writer_init (&w, doc, rng, BANK (economy_sentences), NULL);
      write_economy (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_STATISTICS:
      writer_init (&w, doc, rng, BANK (economy_sentences), NULL);
      write_statistics (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_RESOLUTION:
      writer_init (&w, doc, rng, BANK (digital_sentences), NULL);
      write_resolution (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_DIGITAL:
      writer_init (&w, doc, rng, BANK (digital_sentences), NULL);
      write_digital (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_FEEDBACK:
      writer_init (&w, doc, rng, BANK (digital_sentences), NULL);
      write_feedback (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_PERSONNEL:
      writer_init (&w, doc, rng, BANK (personnel_sentences), NULL);
      w.own_only = TRUE;
      write_personnel (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_PROCEDURE:
      writer_init (&w, doc, rng, BANK (personnel_sentences), NULL);
      w.own_only = TRUE;
      write_procedure (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_INVESTMENT:
      writer_init (&w, doc, rng, BANK (investment_sentences), NULL);
      write_investment (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_BUDGET:
      writer_init (&w, doc, rng, BANK (budget_sentences), NULL);
      write_budget (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_INSPECTION:
      writer_init (&w, doc, rng, BANK (inspection_sentences), NULL);
      write_inspection (&w, target);
      break;
    case PLENUM_DEMO_TOPIC_PROGRAMME:
      writer_init (&w, doc, rng, BANK (programme_sentences), NULL);
      write_programme (&w, target);
      break;
    default:
      g_return_if_reached ();
    }
}
